import {
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
import { ApplicationStatus } from '../../core/domain/enums';
import { OpportunityEntity } from '../../opportunities/entities/opportunity.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** The expression of `open_offer_deadline` (as in migration 1795935000000, which records it for TypeORM). */
const OPEN_OFFER_DEADLINE = `CASE WHEN "status" = 'OFFERED' THEN "response_deadline" END`;

@Entity({ name: 'applications' })
// No index holds `status` (key or predicate), so that a change of status alone (a round's
// rejections) is a HOT update: no index entry written (migration 1795930000000). One live
// application per candidate and opportunity (the statuses of LIVE_APPLICATION_STATUSES) is kept by
// the database in `application_live_pairs` (primary key `uq_applications_live`), claimed by triggers.
@Index('ix_applications_candidate', ['candidateId'])
// An opportunity's applicants in arrival order (keyset pages).
@Index('ix_applications_opportunity', ['opportunityId', 'createdAt', 'id'])
// Open offers by deadline (the expiry job): over `openOfferDeadline`, which a rejection leaves null
// (migration 1795935000000).
@Index('ix_applications_offer_expiry', ['openOfferDeadline'], { where: `"open_offer_deadline" IS NOT NULL` })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'candidate_id' })
  candidate?: UserEntity;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'text', nullable: true })
  motivation!: string | null;

  @Column({ name: 'response_deadline', type: 'timestamptz', nullable: true })
  responseDeadline!: Date | null;

  /**
   * The response deadline while the application is OFFERED, null otherwise: computed by PostgreSQL
   * (stored generated column), never written by us. Read only by the offer-expiry job, through its index.
   */
  @Column({
    name: 'open_offer_deadline',
    type: 'timestamptz',
    nullable: true,
    generatedType: 'STORED',
    asExpression: OPEN_OFFER_DEADLINE,
    insert: false,
    update: false,
    select: false,
  })
  openOfferDeadline?: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every status change: who, when, from, to, why. */
@Entity({ name: 'application_transitions' })
@Index('ix_application_transitions_application', ['applicationId', 'at'])
export class ApplicationTransitionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  /**
   * No foreign key (migration 1795940000000): the history is written only for applications its
   * transaction holds locked, and goes with its application by triggers on `applications`.
   */
  @ManyToOne(() => ApplicationEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: ApplicationStatus;

  /** Null for the system (scheduler, allocation round). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

/** A host's ranking of the applicants of one opportunity (1 = most preferred). */
@Entity({ name: 'applicant_rankings' })
@Unique('uq_applicant_rankings_rank', ['opportunityId', 'rank'])
export class ApplicantRankingEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: ApplicationEntity;

  @Column({ type: 'int' })
  rank!: number;
}
