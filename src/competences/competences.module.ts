import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompetenceAreaEntity, CompetenceEntity } from './entities/competence.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CompetenceAreaEntity, CompetenceEntity])],
  providers: [],
  exports: [],
})
export class CompetencesModule {}
