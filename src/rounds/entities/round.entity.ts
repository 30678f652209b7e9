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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { RoundRunStats } from '../../core/rounds/round-allocation';
import type { StoredRunInput } from '../../core/rounds/round-input-parts';
import { OpportunityEntity } from '../../opportunities/entities/opportunity.entity';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** OPEN: candidates submit choices until the ranking deadline; PUBLISHED: offers went out (follow-ups possible); CLOSED: over. */
export enum RoundStatus {
  OPEN = 'OPEN',
  PUBLISHED = 'PUBLISHED',
  CLOSED = 'CLOSED',
}

/** SEATS_DA: hospitals/residents deferred acceptance over seats; SPA: student-project allocation with the lead supervisors' load caps. */
export enum RoundAlgorithm {
  SEATS_DA = 'SEATS_DA',
  SPA = 'SPA',
}

export enum RoundOptimal {
  CANDIDATE = 'CANDIDATE',
  HOST = 'HOST',
}

export enum RoundOverrideKind {
  PRE_ASSIGN = 'PRE_ASSIGN',
  EXCLUDE = 'EXCLUDE',
}

export enum RoundRunKind {
  DRY_RUN = 'DRY_RUN',
  PUBLISH = 'PUBLISH',
  FOLLOW_UP = 'FOLLOW_UP',
}

/** INITIAL: every candidate with choices (before publication); FOLLOW_UP: the unmatched, over the seats left. */
export enum RoundRunScope {
  INITIAL = 'INITIAL',
  FOLLOW_UP = 'FOLLOW_UP',
}

export enum RoundRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

@Entity({ name: 'allocation_rounds' })
@Index('ix_allocation_rounds_organisation', ['organisationId', 'createdAt'])
@Index('ix_allocation_rounds_status_deadline', ['status', 'rankingDeadline'])
@Check('ck_allocation_rounds_status', `"status" IN ('OPEN', 'PUBLISHED', 'CLOSED')`)
@Check('ck_allocation_rounds_algorithm', `"algorithm" IN ('SEATS_DA', 'SPA')`)
@Check('ck_allocation_rounds_optimal', `"optimal" IN ('CANDIDATE', 'HOST')`)
@Check('ck_allocation_rounds_max_choices', '"max_choices" BETWEEN 1 AND 50')
@Check('ck_allocation_rounds_window', '"response_window_hours" BETWEEN 1 AND 2160')
export class AllocationRoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The HR organisation running the round. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_allocation_rounds_organisation' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: RoundStatus.OPEN })
  status!: RoundStatus;

  @Column({ name: 'ranking_deadline', type: 'timestamptz' })
  rankingDeadline!: Date;

  @Column({ name: 'max_choices', type: 'int' })
  maxChoices!: number;

  @Column({ name: 'response_window_hours', type: 'int' })
  responseWindowHours!: number;

  @Column({ type: 'text' })
  algorithm!: RoundAlgorithm;

  @Column({ type: 'text', default: RoundOptimal.CANDIDATE })
  optimal!: RoundOptimal;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_allocation_rounds_created_by' })
  creator?: UserEntity;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** An opportunity allocated by the round; an opportunity belongs to at most one round. */
@Entity({ name: 'round_opportunities' })
@Unique('uq_round_opportunities_opportunity', ['opportunityId'])
export class RoundOpportunityEntity {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => AllocationRoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_round_opportunities_round' })
  round?: AllocationRoundEntity;

  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_round_opportunities_opportunity' })
  opportunity?: OpportunityEntity;
}

/** A candidate's ranked choice (1 = most preferred). */
@Entity({ name: 'round_choices' })
@Unique('uq_round_choices_rank', ['roundId', 'candidateId', 'rank'])
@Index('ix_round_choices_opportunity', ['roundId', 'opportunityId'])
@Check('ck_round_choices_rank', '"rank" >= 1')
export class RoundChoiceEntity {
  @PrimaryColumn({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @PrimaryColumn({ name: 'candidate_id', type: 'uuid' })
  candidateId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'fk_round_choices_candidate' })
  candidate?: UserEntity;

  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => RoundOpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'round_id',
      referencedColumnName: 'roundId',
      foreignKeyConstraintName: 'fk_round_choices_round_opportunity',
    },
    { name: 'opportunity_id', referencedColumnName: 'opportunityId' },
  ])
  roundOpportunity?: RoundOpportunityEntity;

  @Column({ type: 'int' })
  rank!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** HR's override of one pair, with the reason: an audit record, never updated or deleted. */
@Entity({ name: 'round_overrides' })
@Index('uq_round_overrides_pair', ['roundId', 'candidateId', 'opportunityId'], { unique: true })
@Index('uq_round_overrides_pre_assign', ['roundId', 'candidateId'], {
  unique: true,
  where: `"kind" = 'PRE_ASSIGN'`,
})
@Check('ck_round_overrides_kind', `"kind" IN ('PRE_ASSIGN', 'EXCLUDE')`)
@Check('ck_round_overrides_reason', 'length(btrim("reason")) > 0')
export class RoundOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'fk_round_overrides_candidate' })
  candidate?: UserEntity;

  @Column({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => RoundOpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'round_id',
      referencedColumnName: 'roundId',
      foreignKeyConstraintName: 'fk_round_overrides_round_opportunity',
    },
    { name: 'opportunity_id', referencedColumnName: 'opportunityId' },
  ])
  roundOpportunity?: RoundOpportunityEntity;

  @Column({ type: 'text' })
  kind!: RoundOverrideKind;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_round_overrides_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One allocation run: a job (QUEUED → RUNNING → DONE | FAILED) and, when done, its reproducible record. */
@Entity({ name: 'round_runs' })
@Index('ix_round_runs_round', ['roundId', 'createdAt'])
@Index('ix_round_runs_pending', ['createdAt'], { where: `"status" IN ('QUEUED', 'RUNNING')` })
@Check('ck_round_runs_kind', `"kind" IN ('DRY_RUN', 'PUBLISH', 'FOLLOW_UP')`)
@Check('ck_round_runs_scope', `"scope" IN ('INITIAL', 'FOLLOW_UP')`)
@Check('ck_round_runs_status', `"status" IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')`)
export class RoundRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @ManyToOne(() => AllocationRoundEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_round_runs_round' })
  round?: AllocationRoundEntity;

  @Column({ type: 'text' })
  kind!: RoundRunKind;

  @Column({ type: 'text' })
  scope!: RoundRunScope;

  @Column({ type: 'text', default: RoundRunStatus.QUEUED })
  status!: RoundRunStatus;

  /** The core's algorithm name (hr-resident-proposing, spa-student, ...), set when solved. */
  @Column({ type: 'text', nullable: true })
  algorithm!: string | null;

  @Column({ name: 'algorithm_version', type: 'text', nullable: true })
  algorithmVersion!: string | null;

  /** Tie-break seed (a 32-bit unsigned integer). */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => Number(v) } })
  seed!: number;

  /** sha256 (hex) of the canonical JSON of the solved instance. */
  @Column({ name: 'input_hash', type: 'text', nullable: true })
  inputHash!: string | null;

  /**
   * The input document without its large parts (`instance`, `choices`): settings, HR's decisions,
   * full and fit-ordered opportunities. Each candidate's part is a row of `round_run_candidates`;
   * the document as canonical JSON, the text `inputHash` hashes (hundreds of megabytes at national
   * scale; stored without the candidates' lists, which the rows hold, since migration 1796010000000),
   * is the run's row of `round_run_inputs` (migration 1795972000000; read only when asked for, whole:
   * `RoundsRepository.runInputJsons`).
   */
  @Column({ type: 'jsonb', nullable: true })
  input!: StoredRunInput | null;

  /**
   * Candidate id → opportunity id or null, as the solver returned it (pre-assignments apart, in input).
   * Null in the column for a run whose input is stored (its rows in `round_run_candidates` hold it:
   * `assigned`, `placed_on`); `RoundsRepository.runPayloads` reads it either way. Never read with the
   * run (megabytes at scale): undefined unless selected.
   */
  @Column({ type: 'jsonb', nullable: true, select: false })
  assignment?: Record<string, string | null> | null;

  @Column({ type: 'jsonb', nullable: true })
  stats!: RoundRunStats | null;

  @Column({ type: 'boolean', nullable: true })
  stable!: boolean | null;

  @Column({ type: 'jsonb', nullable: true })
  violations!: RoundRunViolation[] | null;

  /**
   * Placements of this run HR reassigned after publication, oldest first. `stable` is the verifier's
   * verdict over the solved assignment: it covers every pair but these.
   */
  @Column({ name: 'overridden_pairs', type: 'jsonb', default: () => "'[]'" })
  overriddenPairs!: RoundOverriddenPair[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_round_runs_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** How often a worker claimed the run: more than once when a process died while running it. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** A placement HR reassigned after publication: the seat went from one candidate to another. */
export interface RoundOverriddenPair {
  opportunityId: string;
  fromCandidateId: string;
  toCandidateId: string;
  reason: string;
  overriddenBy: string;
  /** ISO 8601. */
  overriddenAt: string;
}

export interface RoundRunViolation {
  kind: string;
  ids: string[];
  message: string;
}
