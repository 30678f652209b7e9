import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApplicationsRetention } from '../applications/applications.retention';
import { AuditRetention } from '../audit/audit.retention';
import { PersonalDataAudit } from '../audit/audit.service';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AccountActivity } from '../auth/account-activity';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { TransactionRunner } from '../common/database/transaction';
import { Env } from '../config/env.schema';
import { NotificationsRetention } from '../notifications/notifications.retention';
import { ErasureService } from '../privacy-rights/erasure.service';
import { RoundsRetention } from '../rounds/rounds.retention';
import { ENDED_SHARE_RETENTION_DAYS } from '../talent-profiles/talent-profiles.service';
import { TalentProfilesRetention } from '../talent-profiles/talent-profiles.retention';
import { SetRetentionRuleArgs } from './dto/retention.args';
import { RetentionCategory, RetentionRuleEntity } from './entities/retention-rule.entity';
import { RetentionPreviewItemModel, RetentionRuleModel } from './models/retention.model';
import { RetentionRepository } from './retention.repository';

const DAY_MS = 86_400_000;
const CATEGORIES = Object.values(RetentionCategory);

/** How one category is counted and removed, by the feature that owns its table. */
interface CategoryStep {
  count(cutoff: Date): Promise<number>;
  /** `rule`: the admin's rule in force (null when the built-in default applies). */
  remove(cutoff: Date, rule: { updatedBy: string; days: number } | null): Promise<number>;
}

/** Inactive accounts erased per run at most (each is an erasure of its own); the next run goes on. */
export const INACTIVE_ACCOUNTS_PER_RUN = 200;

/**
 * Retention per data category: admin-managed rules (days), built-in defaults where there is none, the
 * preview of what the next run would remove and the run itself (the hourly RetentionJob). Records of
 * a category older than its retention at `now` go; each category is one statement of its feature.
 */
@Injectable()
export class RetentionService {
  private readonly steps: Record<RetentionCategory, CategoryStep>;

  constructor(
    private readonly repo: RetentionRepository,
    private readonly audit: PersonalDataAudit,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigService<Env, true>,
    applications: ApplicationsRetention,
    rounds: RoundsRetention,
    notifications: NotificationsRetention,
    reads: AuditRetention,
    shares: TalentProfilesRetention,
    activity: AccountActivity,
    erasure: ErasureService,
  ) {
    this.steps = {
      [RetentionCategory.DECIDED_APPLICATIONS]: {
        count: (c) => applications.countDecidedBefore(c),
        remove: (c) => applications.deleteDecidedBefore(c),
      },
      [RetentionCategory.ROUND_RUN_DATA]: {
        count: (c) => rounds.countFinishedBefore(c),
        remove: (c) => rounds.clearFinishedBefore(c),
      },
      [RetentionCategory.NOTIFICATIONS]: {
        count: (c) => notifications.countBefore(c),
        remove: (c) => notifications.deleteBefore(c),
      },
      [RetentionCategory.AUDIT_READS]: {
        count: (c) => reads.countReadsBefore(c),
        remove: (c) => reads.deleteReadsBefore(c),
      },
      [RetentionCategory.SHARE_LINKS]: {
        count: (c) => shares.countEndedBefore(c),
        remove: (c) => shares.deleteEndedBefore(c),
      },
      [RetentionCategory.INACTIVE_ACCOUNTS]: {
        count: (c) => activity.countInactiveBefore(c),
        remove: async (c, rule) => {
          // Only on an admin's rule (there is no default): the erasure is recorded as theirs.
          if (!rule) return 0;
          let erased = 0;
          for (const personId of await activity.inactiveBefore(c, INACTIVE_ACCOUNTS_PER_RUN)) {
            const reason = `Retention: no sign-in for ${rule.days} days (rule INACTIVE_ACCOUNTS)`;
            try {
              await erasure.eraseInactive(personId, rule.updatedBy, reason);
              erased++;
            } catch (e) {
              // Another instance erased it first, or it is the rule's own admin: skip it.
              if (!(e instanceof AppError)) throw e;
            }
          }
          return erased;
        },
      },
    };
  }

  /** The built-in retention of a category in days; null: kept until a rule says otherwise. */
  defaultDays(category: RetentionCategory): number | null {
    switch (category) {
      case RetentionCategory.AUDIT_READS:
        return this.config.get('PERSONAL_DATA_READS_RETENTION_DAYS', { infer: true });
      case RetentionCategory.SHARE_LINKS:
        return ENDED_SHARE_RETENTION_DAYS;
      default:
        return null;
    }
  }

  /** ADMIN (the resolver's @Roles): every category with its rule, default and what applies. */
  async rules(): Promise<RetentionRuleModel[]> {
    const rows = new Map((await this.repo.list()).map((r) => [r.category, r]));
    return CATEGORIES.map((category) => this.ruleModel(category, rows.get(category) ?? null));
  }

  /** ADMIN: sets a category's retention (null removes the rule); audited as a privacy action. */
  async setRule(admin: AuthUser, args: SetRetentionRuleArgs): Promise<RetentionRuleModel> {
    const days = args.retentionDays ?? null;
    await this.tx.run(async (em) => {
      if (days === null) await this.repo.remove(args.category);
      else await this.repo.upsert(args.category, days, admin.id);
      await this.audit.recordAction(em, admin, PrivacyActionKind.RETENTION_RULE_SET, null, {
        category: args.category,
        retentionDays: days,
      });
    });
    return (await this.rules()).find((r) => r.category === args.category)!;
  }

  /** What a run at `now` would remove, per category, without removing anything. */
  async preview(now: Date): Promise<RetentionPreviewItemModel[]> {
    const rules = await this.rules();
    return Promise.all(
      rules.map(async (r) => {
        const cutoff = cutoffOf(now, r.effectiveDays);
        return {
          category: r.category,
          effectiveDays: r.effectiveDays,
          cutoff,
          count: cutoff ? await this.steps[r.category].count(cutoff) : 0,
        };
      }),
    );
  }

  /** Removes what is past its retention at `now`; returns how much of each category. */
  async apply(now: Date): Promise<Record<RetentionCategory, number>> {
    const removed = {} as Record<RetentionCategory, number>;
    const rows = new Map((await this.repo.list()).map((r) => [r.category, r]));
    for (const r of await this.rules()) {
      const cutoff = cutoffOf(now, r.effectiveDays);
      const row = rows.get(r.category);
      const rule = row ? { updatedBy: row.updatedBy, days: row.retentionDays } : null;
      removed[r.category] = cutoff ? await this.steps[r.category].remove(cutoff, rule) : 0;
    }
    return removed;
  }

  private ruleModel(category: RetentionCategory, row: RetentionRuleEntity | null): RetentionRuleModel {
    const defaultDays = this.defaultDays(category);
    return {
      category,
      retentionDays: row?.retentionDays ?? null,
      defaultDays,
      effectiveDays: row?.retentionDays ?? defaultDays,
      updatedAt: row?.updatedAt ?? null,
    };
  }
}

function cutoffOf(now: Date, days: number | null): Date | null {
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}
