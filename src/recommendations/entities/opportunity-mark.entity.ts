import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { OpportunityEntity } from '../../opportunities/entities/opportunity.entity';
import { UserEntity } from '../../users/entities/user.entity';

export enum OpportunityMarkKind {
  BOOKMARK = 'BOOKMARK',
  NOT_INTERESTED = 'NOT_INTERESTED',
}

/** A user's one mark on an opportunity: saved for later, or not interested (gone from recommendations). */
@Entity({ name: 'opportunity_marks' })
@Check('ck_opportunity_marks_mark', `"mark" IN ('BOOKMARK', 'NOT_INTERESTED')`)
@Index('ix_opportunity_marks_opportunity', ['opportunityId'])
export class OpportunityMarkEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_marks' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_opportunity_marks_user' })
  user?: UserEntity;

  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'pk_opportunity_marks' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'fk_opportunity_marks_opportunity' })
  opportunity?: OpportunityEntity;

  @Column({ type: 'text' })
  mark!: OpportunityMarkKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
