import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { PersonalDataAudit } from './audit.service';
import { PersonalDataReadEntity } from './entities/personal-data-read.entity';
import { PrivacyActionEntity } from './entities/privacy-action.entity';
import { AuditErasure } from './audit.erasure';
import { AuditRetention } from './audit.retention';

/** The audit trails of HR reads of personal data and of uses of data protection rights; global, since every feature that shows personal data records into it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([PersonalDataReadEntity, PrivacyActionEntity])],
  providers: [AuditRetention, AuditErasure, AuditRepository, PersonalDataAudit, AuditResolver],
  exports: [AuditRetention, AuditErasure, PersonalDataAudit],
})
export class AuditModule {}
