import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { candidatePool } from '../access/access.policy';
import { AccessService } from '../access/access.service';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { CompetencesService } from '../competences/competences.service';
import { Env } from '../config/env.schema';
import { fitCandidateOf, fitOpportunityOf, fitWeightsOf } from '../core/fit/fit-inputs';
import { computeFit, FitWeights, rankByFit } from '../core/fit/fit-score';
import { opportunityNotFound } from '../opportunities/opportunities.errors';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { fitFactsOf } from './fit-facts';
import { MatchingCandidatesArgs } from './dto/recommendation.inputs';
import { MatchingCandidatesRepository } from './matching-candidates.repository';
import { CandidateMatchModel } from './models/recommendation.model';

/** Most findable (non-applicant) people scored per matchingCandidates call; applicants always all. */
export const FINDABLE_POOL_LIMIT = 500;

/**
 * Candidates for an opportunity (HR's and the hosts' side of recommendations), scored by the pure core
 * (core/fit/fit-score.ts computeFit, rankByFit) with the configured weights (FIT_WEIGHT_*) through
 * core/fit/fit-inputs.ts, the one mapping that recommendations and rounds use too.
 */
@Injectable()
export class MatchingCandidatesService {
  private readonly weights: FitWeights;

  constructor(
    private readonly repo: MatchingCandidatesRepository,
    private readonly opportunities: OpportunityReadsService,
    private readonly competences: CompetencesService,
    private readonly audit: PersonalDataAudit,
    private readonly access: AccessService,
    config: ConfigService<Env, true>,
  ) {
    this.weights = fitWeightsOf((key) => config.get(key, { infer: true }));
  }

  /**
   * Candidates for an opportunity, for its host staff (lead supervisor, accepted co-supervisor, HR of
   * the host organisation) and admins; a co-supervisor still invited gets FORBIDDEN (they see the
   * project), anyone else NOT_FOUND, exactly as for a missing opportunity. The
   * pool: live applicants plus findable profiles (see MatchingCandidatesRepository.findCandidatePool).
   * Each match carries only the levels of the competences the opportunity requires. Eligible people
   * come first, then the ineligible, each group by fit score (ties by id).
   */
  async matchingCandidates(viewer: AuthUser, args: MatchingCandidatesArgs): Promise<CandidateMatchModel[]> {
    const opportunity = await this.opportunities.get(viewer, args.opportunityId);
    if (!(await this.access.managesOpportunity(viewer, opportunity, { acceptedOnly: true }))) {
      // An invited co-supervisor sees the project, not yet its candidates.
      if (await this.access.managesOpportunity(viewer, opportunity, { acceptedOnly: false })) {
        throw AppError.forbidden('Candidates are shown to a co-supervisor once they accepted the project');
      }
      throw opportunityNotFound();
    }

    const requirements = await this.opportunities.requirementsOf([opportunity.id]);
    const requiredIds = requirements.map((r) => r.competenceId);
    const pool = await this.repo.findCandidatePool({
      opportunityId: opportunity.id,
      viewerId: viewer.id,
      ...candidatePool(viewer, opportunity),
      findableLimit: args.applicantsOnly ? 0 : FINDABLE_POOL_LIMIT,
      requirements,
    });
    if (pool.length === 0) return [];
    const [names, developed] = await Promise.all([
      this.competenceNames(requiredIds),
      this.opportunities.developedCompetencesOf([opportunity.id]),
    ]);
    const fitOpportunity = fitOpportunityOf({
      eligibleStages: opportunity.eligibleStages,
      requirements,
      develops: developed.map((d) => d.competenceId),
      language: opportunity.language,
      startsOn: opportunity.startsOn,
      endsOn: opportunity.endsOn,
    });
    const matches = pool.map((person): CandidateMatchModel => {
      const facts = fitFactsOf(person);
      const personLevels = facts.levels;
      return {
        userId: person.userId,
        displayName: person.displayName,
        organisationId: person.organisationId,
        careerStage: person.careerStage,
        applied: person.applied,
        levels: requiredIds
          .filter((id) => personLevels.has(id))
          .map((id) => ({ competenceId: id, level: personLevels.get(id) as number })),
        ...computeFit(fitCandidateOf(facts), fitOpportunity, {
          weights: this.weights,
          competenceNames: names,
        }),
      };
    });
    // Eligible people first (those who can apply or be chosen), each group by fit score.
    const ranked = (group: CandidateMatchModel[]) =>
      rankByFit(group.map((match) => ({ id: match.userId, score: match.score, match }))).map((r) => r.match);
    const top = [
      ...ranked(matches.filter((m) => m.eligible)),
      ...ranked(matches.filter((m) => !m.eligible)),
    ].slice(0, args.first);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.MATCHING_CANDIDATES,
      top.map((m) => m.userId),
    );
    return top;
  }

  private async competenceNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const competences = await this.competences.findByIds(unique);
    return new Map(competences.map((c) => [c.id, c.name]));
  }
}
