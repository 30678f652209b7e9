import { Module } from '@nestjs/common';
import { TalentProfilesModule } from '../talent-profiles/talent-profiles.module';
import { RetentionJob } from './retention.job';

/** Deletes personal records past their retention period (the audit feature is global). */
@Module({ imports: [TalentProfilesModule], providers: [RetentionJob] })
export class RetentionModule {}
