import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/** An in-app notification for one user. */
@Entity({ name: 'notifications' })
@Index('ix_notifications_user', ['userId', 'createdAt', 'id'])
export class NotificationEntity {
  /** Time-ordered (UUID version 7, `uuid_time_ordered()`: migration 1795945400000). */
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_time_ordered()' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /**
   * The recipient. No foreign key: triggers check the users a statement names once per statement
   * and delete a deleted user's notifications (migration 1795945000000).
   */
  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Template key, e.g. APPLICATION_OFFERED. */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  message!: string;

  /** Ids the client can follow (applicationId, opportunityId). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, string>;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
