import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataExportRepository } from './data-export.repository';
import { DataExportService } from './data-export.service';
import { DataSubjectRequestsRepository } from './data-subject-requests.repository';
import { DataSubjectRequestEntity } from './entities/data-subject-request.entity';
import { PrivacyRightsController } from './privacy-rights.controller';
import { PrivacyRightsResolver } from './privacy-rights.resolver';

/** Data subject rights over everything held about a person: export (access, portability). */
@Module({
  imports: [TypeOrmModule.forFeature([DataSubjectRequestEntity])],
  controllers: [PrivacyRightsController],
  providers: [DataExportRepository, DataSubjectRequestsRepository, DataExportService, PrivacyRightsResolver],
})
export class PrivacyRightsModule {}
