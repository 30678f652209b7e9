import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'competence_areas' })
export class CompetenceAreaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'int', default: 0 })
  position!: number;
}

@Entity({ name: 'competences' })
export class CompetenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable code, e.g. DR_CLINICAL_TRIAL_DESIGN; never reused. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'area_id', type: 'uuid' })
  areaId!: string;

  @ManyToOne(() => CompetenceAreaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'area_id' })
  area?: CompetenceAreaEntity;

  /** An ESCO concept URI, for import and alignment. */
  @Column({ name: 'external_uri', type: 'text', nullable: true })
  externalUri!: string | null;

  /** Retired competences stay readable on old records but take no new use. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
