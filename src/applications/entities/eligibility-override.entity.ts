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
import { OpportunityEntity } from '../../opportunities/entities/opportunity.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * HR lets a candidate apply to (and be chosen in a round for) one opportunity although the candidate
 * is not eligible (career stage, an unmet essential requirement), with a reason the candidate sees.
 * An audit record: one per candidate and opportunity, never updated.
 */
@Entity({ name: 'eligibility_overrides' })
@Index('uq_eligibility_overrides_pair', ['opportunityId', 'candidateId'], { unique: true })
@Index('ix_eligibility_overrides_candidate', ['candidateId'])
@Check('ck_eligibility_overrides_reason', 'length(btrim("reason")) > 0')
export class EligibilityOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'opportunity_id', type: 'uuid' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_eligibility_overrides_opportunity' })
  opportunity?: OpportunityEntity;

  @Column({ name: 'candidate_id', type: 'uuid' })
  candidateId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'fk_eligibility_overrides_candidate' })
  candidate?: UserEntity;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_eligibility_overrides_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
