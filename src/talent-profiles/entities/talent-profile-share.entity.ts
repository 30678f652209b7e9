import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A link by which a person shares their talent profile, read-only, until it expires or they revoke it.
 * Only the sha256 of the token is stored: the token itself is shown once, to the person.
 */
@Entity({ name: 'talent_profile_shares' })
@Check('ck_talent_profile_shares_token_hash', 'octet_length("token_hash") = 32')
@Check('ck_talent_profile_shares_view_count', '"view_count" >= 0')
@Index('ix_talent_profile_shares_person', ['personId', 'createdAt'])
export class TalentProfileShareEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_talent_profile_shares_person' })
  person?: UserEntity;

  /** sha256 of the token (32 bytes). */
  @Column({ name: 'token_hash', type: 'bytea', unique: true, select: false })
  tokenHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_viewed_at', type: 'timestamptz', nullable: true })
  lastViewedAt!: Date | null;

  @Column({ name: 'view_count', type: 'int', default: 0 })
  viewCount!: number;
}
