import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/** What HR or an admin corrected: fields of the profile, or the level of an assessment someone else set. */
export enum DataCorrectionTarget {
  PROFILE = 'PROFILE',
  ASSESSMENT = 'ASSESSMENT',
}

/** One field's change: the values as JSON (a list of languages stays a list). */
export interface DataCorrectionChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * A correction (rectification) of a person's data by HR of their organisation or an admin, with who
 * and why. The person sees it (`myDataCorrections`), it is in their export, and erasure deletes it
 * (its values may hold what they wrote). Their own changes are not recorded here.
 */
@Entity({ name: 'data_corrections' })
@Check('ck_data_corrections_target', `"target" IN ('PROFILE', 'ASSESSMENT')`)
@Index('ix_data_corrections_person', ['personId', 'correctedAt'])
export class DataCorrectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_data_corrections' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_data_corrections_person' })
  person?: UserEntity;

  /** The HR user or admin (no foreign key: kept as a record). */
  @Column({ name: 'corrected_by', type: 'uuid' })
  correctedBy!: string;

  @Column({ type: 'text' })
  target!: DataCorrectionTarget;

  /** ASSESSMENT: the new assessment holding the corrected level (no foreign key: kept as a record). */
  @Column({ name: 'assessment_id', type: 'uuid', nullable: true })
  assessmentId!: string | null;

  /** ASSESSMENT: the competence. */
  @Column({ name: 'competence_id', type: 'uuid', nullable: true })
  competenceId!: string | null;

  @Column({ type: 'jsonb' })
  changes!: DataCorrectionChange[];

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'corrected_at', type: 'timestamptz' })
  correctedAt!: Date;
}
