import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A restriction of processing (GDPR art. 18): while it is not lifted, the person stays stored but is
 * left out of recommendations, candidate lists, findable lists, allocation runs and analytics. Asked
 * for by the person (in force at once) or set by HR of their organisation or an admin; lifted by HR or
 * an admin, with a reason. At most one in force per person. The reasons are for the person and admins:
 * HR sees only that a restriction applies, and since when.
 */
@Entity({ name: 'processing_restrictions' })
@Index('ix_processing_restrictions_person', ['personId', 'startedAt'])
@Index('uq_processing_restrictions_in_force', ['personId'], { unique: true, where: '"lifted_at" IS NULL' })
export class ProcessingRestrictionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_processing_restrictions_person' })
  person?: UserEntity;

  /** The person themselves, or the HR user or admin who set it (no foreign key: kept as a record). */
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true })
  liftedAt!: Date | null;

  @Column({ name: 'lifted_by', type: 'uuid', nullable: true })
  liftedBy!: string | null;

  @Column({ name: 'lift_reason', type: 'text', nullable: true })
  liftReason!: string | null;
}
