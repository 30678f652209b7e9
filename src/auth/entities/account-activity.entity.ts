import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * When an account last signed in (the GraphQL login, the web app's sign-in, or a session refresh):
 * what the retention category INACTIVE_ACCOUNTS counts from. Kept apart from `users` so that a
 * sign-in does not count as a change of the account (its change trigger evicts account caches).
 */
@Entity({ name: 'account_activity' })
export class AccountActivityEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_account_activity' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_account_activity_user' })
  user?: UserEntity;

  @Column({ name: 'last_signed_in_at', type: 'timestamptz' })
  lastSignedInAt!: Date;
}
