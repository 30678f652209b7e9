import { Injectable } from '@nestjs/common';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { InvalidFields } from '../common/errors/invalid-fields';
import { AppError } from '../common/errors/app-error';
import { ProficiencyLevel } from '../core/domain/enums';
import {
  analyseGaps,
  developmentTargets,
  developmentValue,
  GapAnalysis,
  gapSizes,
  RoleRequirement,
} from '../core/gaps/gap-analysis';
import { unmetEssentials } from '../core/fit/fit-score';
import { ProfilesService } from '../profiles/profiles.service';
import { UsersDirectory } from '../users/users.directory';
import {
  CreateRoleProfileInput,
  DevelopmentPathArgs,
  GapAnalysisArgs,
  MAX_TARGET_ROLES,
  RoleProfileFieldsInput,
  RoleProfilesArgs,
  UpdateRoleProfileInput,
} from './dto/role.inputs';
import { RoleProfileEntity, RoleRequirementEntity } from './entities/role-profile.entity';
import { DevelopmentStepModel, GapAnalysisModel, GapItemModel, RoleProfileModel } from './models/role.model';
import { mayManageRoleProfilesOf, maySeeGapsOf } from '../access/access.policy';
import { personNotFound, RoleErrorReason, roleProfileNotFound } from './roles.errors';
import { DevelopingOpportunityRow, NewRequirement, RolesRepository } from './roles.repository';
import { FieldCode } from '../common/errors/field-codes';
import { FieldError } from '../common/errors/error-codes';

/** Opportunities read per page while filling a development path (more when `first` is larger). */
const DEVELOPMENT_PATH_PAGE = 50;

export function toRoleProfileModel(role: RoleProfileEntity): RoleProfileModel {
  return {
    id: role.id,
    lineageId: role.lineageId,
    version: role.version,
    title: role.title,
    organisationId: role.organisationId,
    careerStage: role.careerStage,
    researchLevel: role.researchLevel,
    description: role.description,
    createdById: role.createdById,
    createdAt: role.createdAt,
    supersededAt: role.supersededAt,
  };
}

function toCoreRequirement(
  r: Pick<RoleRequirementEntity, 'competenceId' | 'requiredLevel' | 'essential' | 'weight'>,
): RoleRequirement {
  return {
    competenceId: r.competenceId,
    requiredLevel: r.requiredLevel as ProficiencyLevel,
    essential: r.essential,
    weight: r.weight,
  };
}

/** One target role of a person with its gap analysis (`position` 1..3, the person's order). */
export interface TargetRoleAnalysis {
  position: number;
  role: RoleProfileModel;
  gaps: GapAnalysisModel;
}

/** Core analyseGaps of one role's requirements (in requirementsOfMany order) and their weights. */
function analysisOf(
  requirements: readonly RoleRequirementEntity[],
  levels: ReadonlyMap<string, number>,
  retired: ReadonlySet<string>,
): { analysis: GapAnalysis; weights: Map<string, number> } {
  const analysis = analyseGaps({ requirements: requirements.map(toCoreRequirement) }, levels, retired);
  return { analysis, weights: new Map(requirements.map((r) => [r.competenceId, r.weight])) };
}

function toGapAnalysisModel(
  roleId: string,
  personId: string,
  analysis: GapAnalysis,
  weights: ReadonlyMap<string, number>,
): GapAnalysisModel {
  const item = (i: GapAnalysis['items'][number]): GapItemModel => ({
    ...i,
    requiredLevel: i.requiredLevel,
    weight: weights.get(i.competenceId) ?? 1,
  });
  return {
    roleId,
    personId,
    items: analysis.items.map(item),
    unknowns: analysis.unknowns.map(item),
    readinessShare: analysis.readinessShare,
    readinessScore: analysis.readinessScore,
    essentialGaps: analysis.essentialGaps,
  };
}

/**
 * Role profiles (future roles, versioned), a person's target roles, gap analysis against a role
 * (core/gaps/gap-analysis.ts) and the development path: open opportunities developing the gaps.
 * Role profiles are not personal data: everyone signed in reads them. Gaps are personal: yourself,
 * admins and HR of the person's organisation; anyone else gets NOT_FOUND as for a missing person.
 */
@Injectable()
export class RolesService {
  constructor(
    private readonly repo: RolesRepository,
    private readonly users: UsersDirectory,
    private readonly profiles: ProfilesService,
    private readonly tx: TransactionRunner,
    private readonly audit: PersonalDataAudit,
  ) {}

  async list(args: RoleProfilesArgs): Promise<RoleProfileModel[]> {
    const roles = await this.repo.findListed({
      organisationId: args.organisationId,
      includeSuperseded: args.includeSuperseded,
    });
    return roles.map(toRoleProfileModel);
  }

  async get(id: string): Promise<RoleProfileModel> {
    return toRoleProfileModel(await this.existing(id));
  }

  private async existing(id: string): Promise<RoleProfileEntity> {
    const role = await this.repo.findById(id);
    if (!role) throw roleProfileNotFound();
    return role;
  }

  /** ADMIN anywhere (null: consortium-wide); HR only for their own organisation. */
  private assertMayManage(viewer: AuthUser, organisationId: string | null): void {
    if (mayManageRoleProfilesOf(viewer, organisationId)) return;
    throw AppError.forbidden(
      organisationId === null
        ? 'Only admins manage consortium-wide role profiles'
        : 'HR manage the role profiles of their own organisation only',
    );
  }

  async create(viewer: AuthUser, input: CreateRoleProfileInput): Promise<RoleProfileModel> {
    const organisationId = input.organisationId ?? null;
    this.assertMayManage(viewer, organisationId);
    return this.tx.run(async (em) => {
      const requirements = await this.validRequirements(input, em);
      const role = await this.repo.insertVersion(
        em,
        { ...this.fieldsOf(input), lineageId: null, version: 1, organisationId, createdById: viewer.id },
        requirements,
      );
      return toRoleProfileModel(role);
    });
  }

  /** Inserts version n+1 and supersedes version n; target roles on version n follow the new one. */
  async update(viewer: AuthUser, id: string, input: UpdateRoleProfileInput): Promise<RoleProfileModel> {
    return this.tx.run(async (em) => {
      const current = await this.repo.lockById(id, em);
      if (!current) throw roleProfileNotFound();
      this.assertMayManage(viewer, current.organisationId);
      if (current.supersededAt) {
        throw AppError.conflict(
          'This version was superseded: edit the current version',
          RoleErrorReason.ROLE_PROFILE_SUPERSEDED,
        );
      }
      const requirements = await this.validRequirements(input, em);
      const now = new Date();
      await this.repo.markSuperseded(em, current.id, now);
      const next = await this.repo.insertVersion(
        em,
        {
          ...this.fieldsOf(input),
          lineageId: current.lineageId,
          version: current.version + 1,
          organisationId: current.organisationId,
          createdById: viewer.id,
        },
        requirements,
      );
      await this.repo.moveTargets(em, current.id, next.id);
      return toRoleProfileModel(next);
    });
  }

  private fieldsOf(input: RoleProfileFieldsInput) {
    return {
      title: input.title.trim(),
      careerStage: input.careerStage,
      researchLevel: input.researchLevel,
      description: input.description.trim(),
    };
  }

  /** One per competence, every competence existing and not retired. */
  private async validRequirements(
    input: RoleProfileFieldsInput,
    em: Parameters<RolesRepository['findCompetenceStates']>[1],
  ): Promise<NewRequirement[]> {
    const ids = input.requirements.map((r) => r.competenceId);
    const states = new Map((await this.repo.findCompetenceStates(ids, em)).map((c) => [c.id, c]));
    const invalid = InvalidFields.of(input);
    const seen = new Set<string>();
    const fields: FieldError[] = [];
    input.requirements.forEach((r, i) => {
      const state = states.get(r.competenceId);
      if (!state)
        fields.push({
          field: `requirements.${i}.competenceId`,
          message: 'no such competence',
          code: FieldCode.UNKNOWN_REFERENCE,
        });
      else if (state.retiredAt)
        fields.push({
          field: `requirements.${i}.competenceId`,
          message: 'competence is retired',
          code: FieldCode.RETIRED,
        });
      else if (seen.has(r.competenceId))
        fields.push({
          field: `requirements.${i}.competenceId`,
          message: 'competence listed twice',
          code: FieldCode.DUPLICATE,
        });
      seen.add(r.competenceId);
    });
    invalid.add(fields, undefined, 'Invalid role requirements').throwIfAny();
    return input.requirements.map((r) => ({
      competenceId: r.competenceId,
      requiredLevel: r.requiredLevel,
      essential: r.essential,
      weight: r.weight,
    }));
  }

  // ---- target roles ------------------------------------------------------------------------------

  async setTargetRoles(viewer: AuthUser, roleIds: readonly string[]): Promise<RoleProfileModel[]> {
    if (roleIds.length > MAX_TARGET_ROLES) {
      throw AppError.badInput(
        `At most ${MAX_TARGET_ROLES} target roles`,
        [
          {
            field: 'roleIds',
            message: `at most ${MAX_TARGET_ROLES}`,
            code: FieldCode.TOO_MANY,
            params: { max: MAX_TARGET_ROLES },
          },
        ],
        RoleErrorReason.TOO_MANY_TARGET_ROLES,
      );
    }
    const unique = [...new Set(roleIds)];
    return this.tx.run(async (em) => {
      // Serialises changes of one person's target roles.
      await this.users.lockAccount(viewer.id, em);
      const found = new Map((await this.repo.findByIds(unique, em)).map((r) => [r.id, r]));
      const fields = roleIds.flatMap((id, i) => {
        const role = found.get(id);
        if (!role) {
          return [
            { field: `roleIds.${i}`, message: 'no such role profile', code: FieldCode.UNKNOWN_REFERENCE },
          ];
        }
        if (role.supersededAt)
          return [
            {
              field: `roleIds.${i}`,
              message: 'superseded: choose the current version',
              code: FieldCode.NOT_CURRENT_VERSION,
            },
          ];
        return [];
      });
      if (fields.length > 0) throw AppError.badInput('Unknown role profile', fields);
      await this.repo.replaceTargets(em, viewer.id, unique);
      return unique.map((id) => toRoleProfileModel(found.get(id) as RoleProfileEntity));
    });
  }

  async myTargetRoles(viewer: AuthUser): Promise<RoleProfileModel[]> {
    return (await this.repo.findTargetRolesOf(viewer.id)).map(toRoleProfileModel);
  }

  /** Those of these people who hold a target role (the others' development targets are empty). */
  peopleWithTargetRoles(personIds: readonly string[]): Promise<string[]> {
    return this.repo.peopleWithTargetRoles(personIds);
  }

  /**
   * The DEVELOPMENT targets of the fit score, per person: per competence the largest gap over the
   * person's target roles (core developmentTargets: analyseGaps per role, merged). Two queries for
   * any number of people; people without target roles get an empty map.
   */
  async developmentTargetsOf(personIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>(personIds.map((id) => [id, new Map()]));
    const rows = await this.repo.findTargetRequirementsOf([...new Set(personIds)]);
    if (rows.length === 0) return result;
    const levels = await this.profiles.effectiveLevelsOf(
      [...new Set(rows.map((r) => r.personId))],
      [...new Set(rows.map((r) => r.competenceId))],
    );
    const retired = new Set(rows.filter((r) => r.retired).map((r) => r.competenceId));
    const byPersonRole = new Map<string, Map<string, RoleRequirement[]>>();
    for (const row of rows) {
      const roles = byPersonRole.get(row.personId) ?? new Map<string, RoleRequirement[]>();
      byPersonRole.set(row.personId, roles);
      const list = roles.get(row.roleProfileId) ?? [];
      list.push(toCoreRequirement(row));
      roles.set(row.roleProfileId, list);
    }
    for (const [personId, roles] of byPersonRole) {
      const personLevels = levels.get(personId) ?? new Map<string, number>();
      result.set(personId, developmentTargets(roles.values(), personLevels, retired));
    }
    return result;
  }

  // ---- gap analysis ------------------------------------------------------------------------------

  /** Yourself; otherwise ADMIN or HR of the person's organisation (access.policy.ts, maySeeGapsOf); anyone else: NOT_FOUND. */
  private async assertMaySeeGaps(viewer: AuthUser, personId: string): Promise<void> {
    if (personId === viewer.id) return;
    const person = await this.users.findById(personId);
    if (!person || !maySeeGapsOf(viewer, person)) throw personNotFound();
  }

  private async analyse(
    roleId: string,
    personId: string,
  ): Promise<{ analysis: GapAnalysis; weights: Map<string, number> }> {
    const role = await this.existing(roleId);
    const requirements = await this.repo.requirementsOfMany([role.id]);
    const competenceIds = requirements.map((r) => r.competenceId);
    const [levelsByPerson, states] = await Promise.all([
      this.profiles.effectiveLevelsOf([personId], competenceIds),
      this.repo.findCompetenceStates(competenceIds),
    ]);
    const retired = new Set(states.filter((c) => c.retiredAt).map((c) => c.id));
    return analysisOf(requirements, levelsByPerson.get(personId) ?? new Map(), retired);
  }

  async gapAnalysis(viewer: AuthUser, args: GapAnalysisArgs): Promise<GapAnalysisModel> {
    const personId = args.personId ?? viewer.id;
    await this.assertMaySeeGaps(viewer, personId);
    const { analysis, weights } = await this.analyse(args.roleId, personId);
    await this.audit.recordReads(viewer, PersonalDataReadKind.GAP_ANALYSIS, [personId]);
    return toGapAnalysisModel(args.roleId, personId, analysis, weights);
  }

  /**
   * The person's target roles, in their order, each with its gap analysis: the same rule and the
   * same figures as `gapAnalysis`, in four queries for all the roles. No access check: the caller
   * decides who may see the person's gaps (access.policy.ts, maySeeGapsOf).
   */
  async targetRoleAnalysesOf(personId: string): Promise<TargetRoleAnalysis[]> {
    const roles = await this.repo.findTargetRolesOf(personId);
    if (roles.length === 0) return [];
    const requirements = await this.repo.requirementsOfMany(roles.map((r) => r.id));
    const competenceIds = [...new Set(requirements.map((r) => r.competenceId))];
    const [levelsByPerson, states] = await Promise.all([
      this.profiles.effectiveLevelsOf([personId], competenceIds),
      this.repo.findCompetenceStates(competenceIds),
    ]);
    const levels = levelsByPerson.get(personId) ?? new Map<string, number>();
    const retired = new Set(states.filter((c) => c.retiredAt).map((c) => c.id));
    return roles.map((role, i) => {
      const { analysis, weights } = analysisOf(
        requirements.filter((r) => r.roleProfileId === role.id),
        levels,
        retired,
      );
      return {
        position: i + 1,
        role: toRoleProfileModel(role),
        gaps: toGapAnalysisModel(role.id, personId, analysis, weights),
      };
    });
  }

  /**
   * OPEN opportunities before their deadline developing the viewer's gap competences for the role,
   * ranked by the gap levels they close (core developmentValue), then deadline, then id. Left out:
   * those the viewer already applied to, and those restricted to career stages not theirs.
   */
  /**
   * Open opportunities that develop the viewer's gaps for the role, biggest first, among those the
   * viewer can apply to: stage and live applications are filtered in SQL, unmet essential requirements
   * here (the fit score's eligibility rule, core unmetEssentials), reading further pages as needed.
   */
  async developmentPath(viewer: AuthUser, args: DevelopmentPathArgs): Promise<DevelopmentStepModel[]> {
    const { analysis } = await this.analyse(args.roleId, viewer.id);
    const sizes = gapSizes(analysis);
    if (sizes.size === 0) return [];
    const levels = (await this.profiles.effectiveLevelsOf([viewer.id])).get(viewer.id) ?? new Map();
    const now = new Date();
    const page = Math.max(args.first * 2, DEVELOPMENT_PATH_PAGE);
    const rows: DevelopingOpportunityRow[] = [];
    for (let offset = 0; rows.length < args.first; offset += page) {
      const found = await this.repo.findDevelopingOpportunities(sizes, viewer.id, now, page, offset);
      rows.push(...found.filter((row) => unmetEssentials(levels, row.essentials).length === 0));
      if (found.length < page) break;
    }
    return rows.slice(0, args.first).map((row) => {
      const value = developmentValue(sizes, row.competenceIds);
      return {
        opportunityId: row.opportunityId,
        closedLevels: value.closedLevels,
        share: value.share,
        develops: value.competences.map((competenceId) => ({
          competenceId,
          gapClosed: sizes.get(competenceId) ?? 0,
        })),
      };
    });
  }
}
