import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { PersonalDataAudit } from './audit.service';
import { PersonalDataReadEntity } from './entities/personal-data-read.entity';

/** The audit trail of HR reads of personal data; global, since every feature that shows personal data records into it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([PersonalDataReadEntity])],
  providers: [AuditRepository, PersonalDataAudit, AuditResolver],
  exports: [PersonalDataAudit],
})
export class AuditModule {}
