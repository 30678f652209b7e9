import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/** What a candidate contests. */
export enum ContestKind {
  /** An opportunity's fit with them, as the recommendations computed it. */
  RECOMMENDATION = 'RECOMMENDATION',
  /** The rejection of one of their applications. */
  APPLICATION_REJECTION = 'APPLICATION_REJECTION',
  /** What an allocation round's published run gave them. */
  ROUND_OUTCOME = 'ROUND_OUTCOME',
}

export enum ContestStatus {
  OPEN = 'OPEN',
  UPHELD = 'UPHELD',
  DISMISSED = 'DISMISSED',
}

/**
 * What the matching computed when the contest was filed: ids and figures only (names are read when
 * shown, so that an erased person's name is not kept here).
 */
export interface ContestComputed {
  opportunityId: string | null;
  fitScore: number | null;
  eligible: boolean | null;
  /** ROUND_OUTCOME: the run whose outcome is contested and what it gave (null: no opportunity). */
  roundRunId: string | null;
  roundResultOpportunityId: string | null;
  /** ROUND_OUTCOME: the rank the person gave the opportunity they got (1 = first choice). */
  choiceRank: number | null;
}

/** What a person decided, when the contest was filed (null for a recommendation: nobody decided). */
export interface ContestDecided {
  status: string;
  byId: string | null;
  reason: string | null;
  at: string | null;
}

/**
 * A candidate's contest of a decision about them (GDPR art. 22 spirit: decisions stay with people).
 * HR of the organisation concerned (the host of the opportunity, the organisation running the round)
 * or an admin answers it, UPHELD or DISMISSED, with a reason. At most one open contest per person and
 * thing contested.
 */
@Entity({ name: 'contests' })
@Check('ck_contests_kind', `"kind" IN ('RECOMMENDATION', 'APPLICATION_REJECTION', 'ROUND_OUTCOME')`)
@Check('ck_contests_status', `"status" IN ('OPEN', 'UPHELD', 'DISMISSED')`)
@Index('ix_contests_person', ['personId', 'filedAt'])
@Index('ix_contests_organisation', ['organisationId', 'status', 'filedAt'])
@Index('uq_contests_open', ['personId', 'kind', 'subjectId'], { unique: true, where: `"status" = 'OPEN'` })
export class ContestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contests' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_contests_person' })
  person?: UserEntity;

  @Column({ type: 'text' })
  kind!: ContestKind;

  /** The opportunity (RECOMMENDATION), application (APPLICATION_REJECTION) or round (ROUND_OUTCOME). */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** The organisation whose HR answers. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  computed!: ContestComputed;

  @Column({ type: 'jsonb', nullable: true })
  decided!: ContestDecided | null;

  @Column({ type: 'text', default: ContestStatus.OPEN })
  status!: ContestStatus;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt!: Date;

  /** The HR user or admin who answered (no foreign key: kept as a record). */
  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answer_reason', type: 'text', nullable: true })
  answerReason!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
