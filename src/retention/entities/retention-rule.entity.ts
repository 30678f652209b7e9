import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The data categories with an admin-managed retention (docs/privacy.md, "Retention"). */
export enum RetentionCategory {
  /** Applications in a final status (withdrawn, rejected, declined, expired, completed), with their history. */
  DECIDED_APPLICATIONS = 'DECIDED_APPLICATIONS',
  /** The stored input and results of finished allocation runs (the run's record, seed and hash stay). */
  ROUND_RUN_DATA = 'ROUND_RUN_DATA',
  NOTIFICATIONS = 'NOTIFICATIONS',
  /** The audit trail of reads of personal data. */
  AUDIT_READS = 'AUDIT_READS',
  /** Talent profile share links, counted from when they ended (expired or revoked). */
  SHARE_LINKS = 'SHARE_LINKS',
  /** Accounts whose last sign-in (or creation, if they never signed in) is older: erased, not deleted. */
  INACTIVE_ACCOUNTS = 'INACTIVE_ACCOUNTS',
}

/** An admin's retention for one category; a category without a row keeps its built-in default. */
@Entity({ name: 'retention_rules' })
@Check(
  'ck_retention_rules_category',
  `"category" IN ('DECIDED_APPLICATIONS', 'ROUND_RUN_DATA', 'NOTIFICATIONS', 'AUDIT_READS', 'SHARE_LINKS', 'INACTIVE_ACCOUNTS')`,
)
@Check('ck_retention_rules_days', '"retention_days" BETWEEN 1 AND 36500')
export class RetentionRuleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_retention_rules' })
  category!: RetentionCategory;

  /** Records of the category older than this many days are removed by the hourly job. */
  @Column({ name: 'retention_days', type: 'int' })
  retentionDays!: number;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
