import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LawfulBasis } from '../models/privacy-enums';

/**
 * One purpose of the register of processing (GDPR art. 30): why personal data is processed, on which
 * lawful basis, which categories of data, and how long they are kept. Admin-managed; the real purposes
 * are seeded by the migration that made the table, so every database has them.
 */
@Entity({ name: 'processing_purposes' })
@Check(
  'ck_processing_purposes_lawful_basis',
  `"lawful_basis" IN ('CONTRACT', 'LEGITIMATE_INTEREST', 'CONSENT', 'LEGAL_OBLIGATION')`,
)
@Check(
  'ck_processing_purposes_consent_text',
  `"lawful_basis" <> 'CONSENT' OR ("consent_text" IS NOT NULL AND "consent_text_version" IS NOT NULL)`,
)
export class ProcessingPurposeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable key (FINDABLE_PROFILE); the code acts on the OptionalPurpose codes. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'lawful_basis', type: 'text' })
  lawfulBasis!: LawfulBasis;

  @Column({ name: 'data_categories', type: 'text', array: true })
  dataCategories!: string[];

  /** How long, in words (the retention job and docs/privacy.md say it in days). */
  @Column({ type: 'text' })
  retention!: string;

  /** What a person agrees to (CONSENT purposes only). */
  @Column({ name: 'consent_text', type: 'text', nullable: true })
  consentText!: string | null;

  /** Changes whenever the consent text does; a consent records the version the person saw. */
  @Column({ name: 'consent_text_version', type: 'text', nullable: true })
  consentTextVersion!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
