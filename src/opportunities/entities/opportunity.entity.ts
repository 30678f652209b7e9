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
  UpdateDateColumn,
} from 'typeorm';
import { CareerStage, OpportunityKind, OpportunityStatus, WorkMode } from '../../core/domain/enums';
import { CompetenceEntity } from '../../competences/entities/competence.entity';
import { DepartmentEntity } from '../../organisations/entities/department.entity';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * Kind-specific fields. EXCHANGE_SLOT: subject, teachingHours, courseLevel. INTERNSHIP: weeks,
 * credits (EC). WORKPLACE_VISIT: days, groupSize. CO_SUPERVISED_PROJECT: projectLevel
 * (MASTER | POSTDOC), load (hours per week).
 */
export interface OpportunityKindDetails {
  subject?: string;
  teachingHours?: number;
  courseLevel?: string;
  weeks?: number;
  credits?: number;
  days?: number;
  groupSize?: number;
  projectLevel?: string;
  load?: number;
}

@Entity({ name: 'opportunities' })
@Check('ck_opportunities_capacity', '"capacity" >= 1')
@Check('ck_opportunities_seats', '"seats_taken" >= 0 AND "seats_taken" <= "capacity"')
@Check('ck_opportunities_period', '"ends_on" >= "starts_on"')
@Index('ix_opportunities_status_deadline', ['status', 'applicationDeadline'])
@Index('ix_opportunities_host', ['hostOrganisationId', 'status'])
@Index('ix_opportunities_created', ['createdAt', 'id'])
@Index('ix_opportunities_lead', ['leadSupervisorId'])
// GIN and partial indexes, made by migrations; declared so that migration:generate leaves them alone.
@Index('ix_opportunities_eligible_stages', { synchronize: false })
@Index('ix_opportunities_open_deadline', { synchronize: false })
@Index('ix_opportunities_text_en', { synchronize: false })
@Index('ix_opportunities_text_nl', { synchronize: false })
export class OpportunityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: OpportunityKind;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', default: OpportunityStatus.DRAFT })
  status!: OpportunityStatus;

  @Column({ name: 'host_organisation_id', type: 'uuid' })
  hostOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'host_organisation_id' })
  hostOrganisation?: OrganisationEntity;

  @Column({ name: 'host_department_id', type: 'uuid', nullable: true })
  hostDepartmentId!: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'host_department_id' })
  hostDepartment?: DepartmentEntity | null;

  /** The host supervisor who owns it (the lead supervisor of a co-supervised project). */
  @Column({ name: 'lead_supervisor_id', type: 'uuid' })
  leadSupervisorId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_supervisor_id' })
  leadSupervisor?: UserEntity;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'int' })
  capacity!: number;

  /** Accepted seats; the CHECK keeps it within capacity whatever runs at the same time. */
  @Column({ name: 'seats_taken', type: 'int', default: 0 })
  seatsTaken!: number;

  @Column({ name: 'application_deadline', type: 'timestamptz' })
  applicationDeadline!: Date;

  @Column({ name: 'eligible_stages', type: 'text', array: true, default: () => "'{}'" })
  eligibleStages!: CareerStage[];

  /** ISO 639-1. */
  @Column({ type: 'text', default: 'en' })
  language!: string;

  @Column({ name: 'work_mode', type: 'text', default: WorkMode.ON_SITE })
  workMode!: WorkMode;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: OpportunityKindDetails;

  /** Visible only to host staff, HR of the host and applicants shortlisted or further. */
  @Column({ name: 'confidential_details', type: 'text', nullable: true })
  confidentialDetails!: string | null;

  /** HR's comment when returning a proposal. */
  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'opportunity_requirements' })
@Check('ck_requirements_level', '"min_level" BETWEEN 1 AND 4')
@Check('ck_requirements_weight', '"weight" > 0')
@Index('ix_opportunity_requirements_competence', ['competenceId'])
export class OpportunityRequirementEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @PrimaryColumn({ name: 'competence_id', type: 'uuid' })
  competenceId!: string;

  @ManyToOne(() => CompetenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competence_id' })
  competence?: CompetenceEntity;

  @Column({ name: 'min_level', type: 'smallint' })
  minLevel!: number;

  @Column({ type: 'real', default: 1 })
  weight!: number;

  @Column({ type: 'boolean', default: false })
  essential!: boolean;
}

@Entity({ name: 'opportunity_developed_competences' })
@Index('ix_opportunity_developed_competence', ['competenceId'])
export class OpportunityDevelopedCompetenceEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @PrimaryColumn({ name: 'competence_id', type: 'uuid' })
  competenceId!: string;

  @ManyToOne(() => CompetenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competence_id' })
  competence?: CompetenceEntity;
}

/** The co-supervisor of a CO_SUPERVISED_PROJECT (another organisation) and their answer. */
@Entity({ name: 'co_supervisions' })
@Index('ix_co_supervisions_co_supervisor', ['coSupervisorId'])
export class CoSupervisionEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @Column({ name: 'co_supervisor_id', type: 'uuid' })
  coSupervisorId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'co_supervisor_id' })
  coSupervisor?: UserEntity;

  /** INVITED | ACCEPTED | DECLINED (core/opportunities/co-supervision.ts). */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
