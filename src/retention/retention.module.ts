import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TalentProfilesModule } from '../talent-profiles/talent-profiles.module';
import { RetentionJob } from './retention.job';

/** Deletes personal records past their retention period (the audit feature is global). */
@Module({ imports: [TalentProfilesModule, AuthModule], providers: [RetentionJob] })
export class RetentionModule {}
