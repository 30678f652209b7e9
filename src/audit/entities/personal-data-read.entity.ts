import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';
import { PersonalDataReadKind } from '../models/personal-data-read.model';

/**
 * One read of a person's personal data by HR or an admin (PRODUCT.md: "HR reads of personal data are
 * audited"). Append-only. The subject's rows go with the subject's account; a reader's stay (the
 * reader id is kept, without a foreign key, so that deleting the reader does not erase the trail).
 */
@Entity({ name: 'personal_data_reads' })
@Index('ix_personal_data_reads_subject', ['subjectId', 'readAt'])
@Index('ix_personal_data_reads_reader', ['readerId', 'readAt'])
export class PersonalDataReadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subject_id', foreignKeyConstraintName: 'fk_personal_data_reads_subject' })
  subject?: UserEntity;

  @Column({ name: 'reader_id', type: 'uuid' })
  readerId!: string;

  /** The reader's organisation at the time of the read. */
  @Column({ name: 'reader_organisation_id', type: 'uuid' })
  readerOrganisationId!: string;

  /** The roles the reader held then (HR, ADMIN, ...). */
  @Column({ name: 'reader_roles', type: 'text', array: true })
  readerRoles!: string[];

  @Column({ type: 'text' })
  kind!: PersonalDataReadKind;

  @CreateDateColumn({ name: 'read_at', type: 'timestamptz' })
  readAt!: Date;
}
