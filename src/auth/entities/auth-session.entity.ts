import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/** Why a session ended before its time. */
export enum SessionEndReason {
  SIGNED_OUT = 'SIGNED_OUT',
  /** An already rotated refresh token came back: someone holds a copy (theft detection). */
  TOKEN_REUSED = 'TOKEN_REUSED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  /** The person was erased (src/privacy-rights). */
  ACCOUNT_ERASED = 'ACCOUNT_ERASED',
}

/**
 * A browser session (a refresh token family): from sign-in until sign-out, revocation or
 * `expiresAt` (the absolute end, however active the session is). Its refresh tokens rotate on use.
 */
@Entity({ name: 'auth_sessions' })
@Check(
  'ck_auth_sessions_revoked',
  `("revoked_at" IS NULL) = ("revoked_reason" IS NULL) AND ("revoked_reason" IS NULL OR "revoked_reason" IN ('SIGNED_OUT', 'TOKEN_REUSED', 'PASSWORD_CHANGED', 'ACCOUNT_ERASED'))`,
)
@Index('ix_auth_sessions_user', ['userId'])
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_auth_sessions' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_sessions_user' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason!: SessionEndReason | null;
}

/**
 * One refresh token of a session; only its sha256 is stored. A token works once: using it sets
 * `rotatedAt` and issues its successor. A rotated token that comes back ends the whole session.
 */
@Entity({ name: 'auth_refresh_tokens' })
@Check('ck_auth_refresh_tokens_hash', 'octet_length("token_hash") = 32')
@Index('ix_auth_refresh_tokens_session', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'bytea', primaryKeyConstraintName: 'pk_auth_refresh_tokens' })
  tokenHash!: Buffer;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => AuthSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_auth_refresh_tokens_session' })
  session?: AuthSessionEntity;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  /** The token is refused after this (idle timeout); never later than the session's end. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;
}
