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
import { AssessmentSource } from '../../core/domain/enums';
import { CompetenceEntity } from '../../competences/entities/competence.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** One assessment of one competence of one person. Append-only: the history is kept. */
@Entity({ name: 'assessments' })
@Index('ix_assessments_person_competence', ['personId', 'competenceId', 'assessedAt'])
// (competence_id, level) INCLUDE (person_id): made by its migration (TypeORM cannot express INCLUDE).
@Index('ix_assessments_competence_level', { synchronize: false })
@Check('ck_assessments_level', '"level" BETWEEN 1 AND 4')
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: UserEntity;

  @Column({ name: 'competence_id', type: 'uuid' })
  competenceId!: string;

  @ManyToOne(() => CompetenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competence_id' })
  competence?: CompetenceEntity;

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ type: 'text' })
  source!: AssessmentSource;

  /** The supervisor who assessed (SUPERVISOR, EVIDENCE); null for self-assessments. */
  @Column({ name: 'assessor_id', type: 'uuid', nullable: true })
  assessorId!: string | null;

  /** The placement that produced EVIDENCE. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'assessed_at', type: 'timestamptz' })
  assessedAt!: Date;
}
