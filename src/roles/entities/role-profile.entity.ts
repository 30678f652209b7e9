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
import { CompetenceEntity } from '../../competences/entities/competence.entity';
import { CareerStage, ResearchLevel } from '../../core/domain/enums';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * One version of a role profile (a future role). An edit inserts version n+1 with the same
 * `lineageId` and marks version n superseded; old versions stay readable.
 */
@Entity({ name: 'role_profiles' })
@Check('ck_role_profiles_version', '"version" >= 1')
// Partial indexes, made by the migration; declared so that migration:generate leaves them alone.
@Index('ux_role_profiles_lineage_current', { synchronize: false })
@Index('ix_role_profiles_current_organisation', { synchronize: false })
@Index('ux_role_profiles_lineage_version', ['lineageId', 'version'], { unique: true })
export class RoleProfileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The id of version 1: shared by every version of the role. */
  @Column({ name: 'lineage_id', type: 'uuid' })
  lineageId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  title!: string;

  /** Null: consortium-wide. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_role_profiles_organisation' })
  organisation?: OrganisationEntity;

  @Column({ name: 'career_stage', type: 'text' })
  careerStage!: CareerStage;

  @Column({ name: 'research_level', type: 'text' })
  researchLevel!: ResearchLevel;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_role_profiles_created_by' })
  createdBy?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}

/** A competence a role version requires. */
@Entity({ name: 'role_requirements' })
@Check('ck_role_requirements_level', '"required_level" BETWEEN 1 AND 4')
@Check('ck_role_requirements_weight', '"weight" > 0')
@Index('ix_role_requirements_competence', ['competenceId'])
export class RoleRequirementEntity {
  @PrimaryColumn({ name: 'role_profile_id', type: 'uuid' })
  roleProfileId!: string;

  @ManyToOne(() => RoleProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_profile_id', foreignKeyConstraintName: 'fk_role_requirements_role' })
  roleProfile?: RoleProfileEntity;

  @PrimaryColumn({ name: 'competence_id', type: 'uuid' })
  competenceId!: string;

  @ManyToOne(() => CompetenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competence_id', foreignKeyConstraintName: 'fk_role_requirements_competence' })
  competence?: CompetenceEntity;

  @Column({ name: 'required_level', type: 'smallint' })
  requiredLevel!: number;

  @Column({ type: 'boolean', default: false })
  essential!: boolean;

  @Column({ type: 'real', default: 1 })
  weight!: number;
}

/** A person's target roles (up to three), in their order. */
@Entity({ name: 'person_target_roles' })
@Check('ck_person_target_roles_position', '"position" BETWEEN 1 AND 3')
@Index('ix_person_target_roles_role', ['roleProfileId'])
export class PersonTargetRoleEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_person_target_roles_person' })
  person?: UserEntity;

  @PrimaryColumn({ name: 'role_profile_id', type: 'uuid' })
  roleProfileId!: string;

  @ManyToOne(() => RoleProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_profile_id', foreignKeyConstraintName: 'fk_person_target_roles_role' })
  roleProfile?: RoleProfileEntity;

  @Column({ type: 'smallint' })
  position!: number;
}
