import { effectiveLevelValues } from '../core/competences/effective-level';
import { AssessmentSource, CareerStage, ProficiencyLevel } from '../core/domain/enums';
import { CandidateFitFacts } from '../core/fit/fit-inputs';
import { developmentTargets, RoleRequirement } from '../core/gaps/gap-analysis';

/**
 * A person's facts for the fit score as the recommendation queries read them (the signed-in
 * candidate's in recommendedOpportunities and myFit, each pool member's in matchingCandidates), and
 * the one way they become the core's input.
 */

/** One assessment of the person, as the core's effective-level rule reads it. */
export interface FactAssessment {
  competenceId: string;
  level: number;
  source: AssessmentSource;
  assessedAt: Date;
}

/** One requirement of one of the person's target roles, with whether its competence is retired. */
export interface FactTargetRequirement {
  roleProfileId: string;
  competenceId: string;
  requiredLevel: number;
  essential: boolean;
  weight: number;
  retired: boolean;
}

/** The profile fields and rows the fit score reads of one person. */
export interface PersonFitRows {
  careerStage: CareerStage | null;
  languages: { code: string; level: string }[];
  availability: { start: string; end: string }[];
  assessments: FactAssessment[];
  targetRequirements: FactTargetRequirement[];
}

/** An assessment as the queries aggregate it: [competenceId, level, source, assessedAt in epoch ms]. */
export type AssessmentTuple = [string, number, AssessmentSource, number];

/** A target role's requirement as aggregated: [roleProfileId, competenceId, requiredLevel, essential, weight, retired]. */
export type TargetTuple = [string, string, number, boolean, number, boolean];

/** SQL: a person's assessments as `AssessmentTuple`s, from `s` (assessments) rows under `where`. */
export function assessmentTuplesSql(where: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(s.competence_id, s.level, s.source,
             floor(extract(epoch FROM s.assessed_at) * 1000))), '[]'::json)
            FROM assessments s WHERE ${where})`;
}

/** SQL: the requirements of the target roles of the person whose id is `person`, as `TargetTuple`s. */
export function targetTuplesSql(person: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(t.role_profile_id, rr.competence_id, rr.required_level,
             rr.essential, rr.weight, c.retired_at IS NOT NULL)), '[]'::json)
            FROM person_target_roles t
            JOIN role_requirements rr ON rr.role_profile_id = t.role_profile_id
            JOIN competences c ON c.id = rr.competence_id
           WHERE t.person_id = ${person})`;
}

export function assessmentsOf(tuples: readonly AssessmentTuple[]): FactAssessment[] {
  return tuples.map(([competenceId, level, source, at]) => ({
    competenceId,
    level,
    source,
    assessedAt: new Date(at),
  }));
}

export function targetRequirementsOf(tuples: readonly TargetTuple[]): FactTargetRequirement[] {
  return tuples.map(([roleProfileId, competenceId, requiredLevel, essential, weight, retired]) => ({
    roleProfileId,
    competenceId,
    requiredLevel,
    essential,
    weight,
    retired,
  }));
}

/**
 * The core's fit facts of a person: effective levels by the core's rule (effectiveLevelValues) and
 * development targets from their target roles (core developmentTargets), as
 * ProfilesService.effectiveLevelsOf and RolesService.developmentTargetsOf give them.
 */
export function fitFactsOf(person: PersonFitRows): CandidateFitFacts & { levels: Map<string, number> } {
  const levels = effectiveLevelValues(
    person.assessments.map((a) => ({ ...a, level: a.level as ProficiencyLevel })),
  );
  const roles = new Map<string, RoleRequirement[]>();
  const retired = new Set<string>();
  for (const r of person.targetRequirements) {
    const list = roles.get(r.roleProfileId) ?? [];
    list.push({
      competenceId: r.competenceId,
      requiredLevel: r.requiredLevel as ProficiencyLevel,
      essential: r.essential,
      weight: r.weight,
    });
    roles.set(r.roleProfileId, list);
    if (r.retired) retired.add(r.competenceId);
  }
  return {
    careerStage: person.careerStage,
    languages: person.languages,
    availability: person.availability,
    levels,
    developmentTargets: roles.size === 0 ? new Map() : developmentTargets(roles.values(), levels, retired),
  };
}
