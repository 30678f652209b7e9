import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';
import { ProcessingPurposeEntity } from './processing-purpose.entity';

/**
 * A person's consent to one optional purpose: which text version they agreed to, when, and when they
 * withdrew it. Never updated but to set `withdrawn_at`; giving consent again is a new row. At most one
 * live (not withdrawn) consent per person and purpose.
 */
@Entity({ name: 'consents' })
@Index('ix_consents_person', ['personId', 'givenAt'])
@Index('uq_consents_live', ['personId', 'purposeId'], { unique: true, where: '"withdrawn_at" IS NULL' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_consents_person' })
  person?: UserEntity;

  @Column({ name: 'purpose_id', type: 'uuid' })
  purposeId!: string;

  @ManyToOne(() => ProcessingPurposeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'purpose_id', foreignKeyConstraintName: 'fk_consents_purpose' })
  purpose?: ProcessingPurposeEntity;

  @Column({ name: 'text_version', type: 'text' })
  textVersion!: string;

  @Column({ name: 'given_at', type: 'timestamptz' })
  givenAt!: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;
}
