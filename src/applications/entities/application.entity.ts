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

@Entity({ name: 'applications' })
// No index holds `status` or `response_deadline` (key or predicate), so that a change of status or
// deadline (a round's offers and rejections, an answer, an expiry) is a HOT update: no index entry
// written (migrations 1795930000000 and 1795990000000). The expiry job's open offers are kept by
// triggers in `application_open_offers` (application id, deadline). One live
// application per candidate and opportunity (the statuses of LIVE_APPLICATION_STATUSES) is kept by
// the database in `application_live_pairs` (primary key `uq_applications_live`), claimed by triggers.
@Index('ix_applications_candidate', ['candidateId'])
// An opportunity's applicants in arrival order (keyset pages).
@Index('ix_applications_opportunity', ['opportunityId', 'createdAt', 'id'])
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
