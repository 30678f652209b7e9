import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RetentionCategory, RetentionRuleEntity } from './entities/retention-rule.entity';

@Injectable()
export class RetentionRepository {
  constructor(
    @InjectRepository(RetentionRuleEntity) private readonly rules: Repository<RetentionRuleEntity>,
  ) {}

  list(): Promise<RetentionRuleEntity[]> {
    return this.rules.find();
  }

  /** Sets (or replaces) the rule of a category, in one statement. */
  async upsert(category: RetentionCategory, retentionDays: number, updatedBy: string): Promise<void> {
    await this.rules.query(
      `INSERT INTO retention_rules (category, retention_days, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (category) DO UPDATE SET retention_days = $2, updated_by = $3, updated_at = now()`,
      [category, retentionDays, updatedBy],
    );
  }

  async remove(category: RetentionCategory): Promise<void> {
    await this.rules.delete({ category });
  }
}
