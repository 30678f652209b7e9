import { Index, Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CareerStage, ResearchLevel, Visibility } from '../../core/domain/enums';
import { UserEntity } from '../../users/entities/user.entity';

export interface ProfileLanguage {
  /** ISO 639-1 code. */
  code: string;
  /** CEFR A1..C2 or NATIVE. */
  level: string;
}

export interface AvailabilityWindow {
  /** ISO dates (YYYY-MM-DD). */
  start: string;
  end: string;
}

/** A person's competence profile, one per user account. Private by default. */
@Entity({ name: 'profiles' })
@Index('ix_profiles_visibility', ['visibility'])
@Check('ck_profiles_supervision_capacity', '"supervision_capacity" >= 0')
export class ProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'career_stage', type: 'text', nullable: true })
  careerStage!: CareerStage | null;

  @Column({ name: 'research_level', type: 'text', nullable: true })
  researchLevel!: ResearchLevel | null;

  @Column({ type: 'text', default: Visibility.PRIVATE })
  visibility!: Visibility;

  @Column({ type: 'text', nullable: true })
  headline!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  languages!: ProfileLanguage[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  availability!: AvailabilityWindow[];

  /** Supervisors: the most students at once over all their projects (load cap). */
  @Column({ name: 'supervision_capacity', type: 'int', default: 4 })
  supervisionCapacity!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
