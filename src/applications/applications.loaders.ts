import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { effectiveLevelValues } from '../core/competences/effective-level';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationsRepository } from './applications.repository';
import { ApplicantModel, ApplicationTransitionModel } from './models/application.model';

/** An applicant without the application's own motivation. */
export type ApplicantProfile = Omit<ApplicantModel, 'motivation'>;

export const applicantKey = (opportunityId: string, candidateId: string): string =>
  `${opportunityId}/${candidateId}`;

@Injectable()
export class ApplicationsLoaders {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
  ) {}

  /** Transitions per application id, oldest first. */
  history(ctx: GqlContext): DataLoader<string, ApplicationTransitionModel[]> {
    return loaderFor(ctx, 'applicationHistory', async (ids: readonly string[]) => {
      const rows = await this.repo.transitionsOf(ids);
      return groupByKeys(ids, rows, (r) => r.applicationId).map((list) =>
        list.map((r) => ({
          from: r.fromStatus,
          to: r.toStatus,
          at: r.at,
          reason: r.reason,
          actor: r.actorId ? { id: r.actorId, displayName: r.actorName ?? '' } : null,
        })),
      );
    });
  }

  opportunityTitle(ctx: GqlContext): DataLoader<string, string | null> {
    return loaderFor(ctx, 'applicationOpportunityTitle', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.context.findOpportunities(ids), (o) => o.id).map((o) => o?.title ?? null),
    );
  }

  /**
   * The applicant per `applicantKey(opportunityId, candidateId)`: name, stage, organisation and the
   * effective levels of the competences that opportunity asks for. Four queries per batch.
   */
  applicant(ctx: GqlContext): DataLoader<string, ApplicantProfile | null> {
    return loaderFor(ctx, 'applicationApplicant', async (keys: readonly string[]) => {
      const pairs = keys.map((k) => {
        const [opportunityId, candidateId] = k.split('/');
        return { opportunityId, candidateId };
      });
      const candidateIds = [...new Set(pairs.map((p) => p.candidateId))];
      const opportunityIds = [...new Set(pairs.map((p) => p.opportunityId))];
      const [people, stages, requirements] = await Promise.all([
        this.context.peopleByIds(candidateIds),
        this.context.careerStagesOf(candidateIds),
        this.context.requirementsOf(opportunityIds),
      ]);
      const assessments = await this.context.assessmentsOf(candidateIds, [
        ...new Set(requirements.map((r) => r.competenceId)),
      ]);
      const levelsOf = new Map(
        groupByKeys(candidateIds, assessments, (a) => a.personId).map((list, i) => [
          candidateIds[i],
          effectiveLevelValues(list),
        ]),
      );
      const requirementsOf = new Map(
        groupByKeys(opportunityIds, requirements, (r) => r.opportunityId).map((list, i) => [
          opportunityIds[i],
          list,
        ]),
      );
      const personOf = new Map(people.map((p) => [p.id, p]));
      return pairs.map(({ opportunityId, candidateId }) => {
        const person = personOf.get(candidateId);
        if (!person) return null;
        const levels = levelsOf.get(candidateId);
        return {
          id: person.id,
          displayName: person.displayName,
          organisationId: person.organisationId,
          careerStage: stages.get(candidateId) ?? null,
          competences: (requirementsOf.get(opportunityId) ?? []).map((r) => ({
            competenceId: r.competenceId,
            code: r.code,
            name: r.name,
            requiredLevel: r.minLevel,
            essential: r.essential,
            level: levels?.get(r.competenceId) ?? null,
          })),
        };
      });
    });
  }
}
