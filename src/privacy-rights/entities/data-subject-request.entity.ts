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

/** Which right a request exercised. */
export enum DataSubjectRequestKind {
  /** Access and portability: an export of everything held about the person. */
  EXPORT = 'EXPORT',
  /** Erasure: the person anonymised. */
  ERASURE = 'ERASURE',
}

export enum DataSubjectRequestStatus {
  /** Asked for by the person, waiting for an admin (erasure only). */
  REQUESTED = 'REQUESTED',
  DONE = 'DONE',
}

/** What an erasure left in place, with why and until when (null: as long as the record exists). */
export interface KeptRecord {
  what: string;
  why: string;
  until: string | null;
}

/**
 * One use of a data subject's right (GDPR art. 15, 17, 20): the log that every export and erasure is
 * audited in, and the queue of erasures a person asked for until an admin confirms them. Kept after
 * an erasure (it names the anonymised account by id only) to show that the right was honoured.
 */
@Entity({ name: 'data_subject_requests' })
@Index('ix_data_subject_requests_subject', ['subjectId', 'createdAt'])
@Index('uq_data_subject_requests_open_erasure', ['subjectId'], {
  unique: true,
  where: `"kind" = 'ERASURE' AND "status" = 'REQUESTED'`,
})
@Check('ck_data_subject_requests_kind', `"kind" IN ('EXPORT', 'ERASURE')`)
@Check('ck_data_subject_requests_status', `"status" IN ('REQUESTED', 'DONE')`)
export class DataSubjectRequestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_data_subject_requests' })
  id!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subject_id', foreignKeyConstraintName: 'fk_data_subject_requests_subject' })
  subject?: UserEntity;

  @Column({ type: 'text' })
  kind!: DataSubjectRequestKind;

  @Column({ type: 'text' })
  status!: DataSubjectRequestStatus;

  /** The person themselves, or the admin who acted for them (no foreign key: the log outlives accounts). */
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The admin who confirmed an erasure; the requester for an export. */
  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy!: string | null;

  /** Erasure: what had to be kept, why, until when. */
  @Column({ type: 'jsonb', nullable: true })
  kept!: KeptRecord[] | null;
}
