import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsDirectory } from './organisations.directory';
import { OrganisationsLoaders } from './organisations.loaders';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganisationEntity, DepartmentEntity])],
  providers: [
    OrganisationsRepository,
    OrganisationsDirectory,
    OrganisationsService,
    OrganisationsResolver,
    OrganisationsLoaders,
  ],
  exports: [OrganisationsDirectory, OrganisationsLoaders],
})
export class OrganisationsModule {}
