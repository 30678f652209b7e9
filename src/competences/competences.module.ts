import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetencesLoaders } from './competences.loaders';
import { CompetencesRepository } from './competences.repository';
import { CompetenceAreasResolver, CompetencesResolver } from './competences.resolver';
import { CompetencesService } from './competences.service';
import { CompetenceAreaEntity, CompetenceEntity } from './entities/competence.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CompetenceAreaEntity, CompetenceEntity])],
  providers: [
    CompetencesRepository,
    CompetencesService,
    CompetencesLoaders,
    CompetencesResolver,
    CompetenceAreasResolver,
  ],
  exports: [CompetencesService, CompetencesLoaders],
})
export class CompetencesModule {}
