import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { UserRole } from '../core/domain/enums';
import { CompetencesLoaders } from './competences.loaders';
import { CompetencesService } from './competences.service';
import {
  AreaCompetencesArgs,
  CompetenceIdArgs,
  CompetencesArgs,
  CreateCompetenceInput,
  RenameCompetenceArgs,
} from './dto/competence.inputs';
import { CompetenceAreaModel, CompetenceModel, ProficiencyLevelInfoModel } from './models/competence.model';

@Resolver(() => CompetenceModel)
export class CompetencesResolver {
  constructor(
    private readonly service: CompetencesService,
    private readonly loaders: CompetencesLoaders,
  ) {}

  @Query(() => [ProficiencyLevelInfoModel], {
    description: 'The four-level proficiency scale, lowest first. Unrated is no level (never 0).',
  })
  proficiencyScale(): readonly ProficiencyLevelInfoModel[] {
    return this.service.proficiencyScale();
  }

  @Query(() => [CompetenceAreaModel], {
    description: 'The areas of the competence framework, in display order.',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  competenceAreas(): Promise<CompetenceAreaModel[]> {
    return this.service.listAreas();
  }

  @Query(() => [CompetenceModel], {
    description: 'Competences by name; retired ones only when asked for.',
    complexity: ({ childComplexity }) => 50 * childComplexity,
  })
  competences(@Args() args: CompetencesArgs): Promise<CompetenceModel[]> {
    return this.service.list(args);
  }

  @Query(() => CompetenceModel, { description: 'One competence, retired or not.' })
  competence(@Args() args: CompetenceIdArgs): Promise<CompetenceModel> {
    return this.service.get(args.id);
  }

  @Mutation(() => CompetenceModel)
  @Roles(UserRole.ADMIN)
  createCompetence(@Args('input') input: CreateCompetenceInput): Promise<CompetenceModel> {
    return this.service.create(input);
  }

  @Mutation(() => CompetenceModel, { description: 'Renames; the code stays.' })
  @Roles(UserRole.ADMIN)
  renameCompetence(@Args() args: RenameCompetenceArgs): Promise<CompetenceModel> {
    return this.service.rename(args);
  }

  @Mutation(() => CompetenceModel, {
    description: 'Retires: old assessments and requirements keep it; new ones are refused.',
  })
  @Roles(UserRole.ADMIN)
  retireCompetence(@Args() args: CompetenceIdArgs): Promise<CompetenceModel> {
    return this.service.retire(args.id);
  }

  @ResolveField(() => CompetenceAreaModel)
  async area(
    @Parent() competence: CompetenceModel,
    @Context() ctx: GqlContext,
  ): Promise<CompetenceAreaModel> {
    const area = await this.loaders.area(ctx).load(competence.areaId);
    if (!area) throw AppError.notFound('Competence area');
    return area;
  }
}

@Resolver(() => CompetenceAreaModel)
export class CompetenceAreasResolver {
  constructor(private readonly loaders: CompetencesLoaders) {}

  @ResolveField(() => [CompetenceModel], {
    complexity: ({ childComplexity }) => 20 * childComplexity,
  })
  competences(
    @Parent() area: CompetenceAreaModel,
    @Args() args: AreaCompetencesArgs,
    @Context() ctx: GqlContext,
  ): Promise<CompetenceModel[]> {
    return this.loaders.competencesOfArea(ctx, args.includeRetired).load(area.id);
  }
}
