import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentRecords } from './consent-records';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { ProcessingRestrictionEntity } from './entities/processing-restriction.entity';
import { RestrictionRecords } from './restriction-records';
import { PrivacyRecords } from './privacy-records';
import { PrivacyRepository } from './privacy.repository';

/**
 * The privacy records other features consult (is consent live?) or write through (the visibility a
 * person chooses is their FINDABLE_PROFILE consent). Global and free of feature imports, so that
 * profiles can use it while the privacy feature itself depends on profiles.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ProcessingPurposeEntity, ConsentEntity, ProcessingRestrictionEntity])],
  providers: [PrivacyRepository, ConsentRecords, RestrictionRecords, PrivacyRecords],
  exports: [ConsentRecords, RestrictionRecords, PrivacyRecords],
})
export class PrivacyRecordsModule {}
