import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../common/auth/opaque-token';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { CompetencesService } from '../competences/competences.service';
import { CompetenceEntity } from '../competences/entities/competence.entity';
import { levelName } from '../competences/proficiency-scale';
import { Env } from '../config/env.schema';
import { ConsentRecords } from '../privacy/consent-records';
import { OptionalPurpose } from '../privacy/models/privacy-enums';
import { OrganisationsDirectory } from '../organisations/organisations.directory';
import { ProfilesService } from '../profiles/profiles.service';
import { maySeeGapsOf, readsPartnerTalentProfiles } from '../access/access.policy';
import { GapItemModel } from '../roles/models/role.model';
import { personNotFound } from '../roles/roles.errors';
import { RolesService } from '../roles/roles.service';
import { UserEntity } from '../users/entities/user.entity';
import { UsersDirectory } from '../users/users.directory';
import { CreateTalentProfileShareArgs } from './dto/talent-profile.inputs';
import { TalentProfileShareEntity } from './entities/talent-profile-share.entity';
import {
  CreatedTalentProfileShareModel,
  TalentProfileCompetenceModel,
  TalentProfileGapItemModel,
  TalentProfileModel,
  TalentProfileShareModel,
} from './models/talent-profile.model';
import { shareNotFound, sharedProfileNotFound, TalentProfileErrorReason } from './talent-profiles.errors';
import { TalentProfilesRepository } from './talent-profiles.repository';

/** Live (neither revoked nor expired) share links one person may hold at once. */
export const MAX_ACTIVE_SHARES = 10;
/** An ended share (expired or revoked) stays in the owner's list this long, then is deleted. */
export const ENDED_SHARE_RETENTION_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export function toShareModel(
  share: TalentProfileShareEntity,
  now: Date = new Date(),
): TalentProfileShareModel {
  return {
    id: share.id,
    createdAt: share.createdAt,
    expiresAt: share.expiresAt,
    revokedAt: share.revokedAt,
    lastViewedAt: share.lastViewedAt,
    viewCount: share.viewCount,
    active: share.revokedAt === null && share.expiresAt.getTime() > now.getTime(),
  };
}

/** A talent profile opened through a share link, and until when the link works. */
export interface SharedTalentProfile {
  profile: TalentProfileModel;
  expiresAt: Date;
}

/**
 * The talent profile: a person's effective competences and the gap analysis of each target role
 * (RolesService: the same figures as the gapAnalysis query), as one document for GraphQL, JSON and
 * the printable page. Access is the gap-analysis rule (yourself, admins, HR of the person's
 * organisation), supervisors and HR of any organisation while the person consents to
 * TALENT_PROFILE_CONSORTIUM (anyone else NOT_FOUND as for a missing person), or a live share link.
 */
@Injectable()
export class TalentProfilesService {
  constructor(
    private readonly repo: TalentProfilesRepository,
    private readonly users: UsersDirectory,
    private readonly organisations: OrganisationsDirectory,
    private readonly profiles: ProfilesService,
    private readonly roles: RolesService,
    private readonly competences: CompetencesService,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigService<Env, true>,
    private readonly audit: PersonalDataAudit,
    private readonly consents: ConsentRecords,
  ) {}

  /** `personId` omitted: the viewer's own. */
  async forViewer(viewer: AuthUser, personId?: string | null): Promise<TalentProfileModel> {
    const person = await this.users.findById(personId ?? viewer.id);
    if (!person) throw personNotFound();
    if (!maySeeGapsOf(viewer, person) && !(await this.sharedWithPartners(viewer, person.id))) {
      throw personNotFound();
    }
    const profile = await this.build(person);
    await this.audit.recordReads(viewer, PersonalDataReadKind.TALENT_PROFILE, [person.id]);
    return profile;
  }

  /** Supervisors and HR of any organisation, while the person consents to TALENT_PROFILE_CONSORTIUM. */
  private async sharedWithPartners(viewer: AuthUser, personId: string): Promise<boolean> {
    if (!readsPartnerTalentProfiles(viewer)) return false;
    return this.consents.hasLiveConsent(personId, OptionalPurpose.TALENT_PROFILE_CONSORTIUM);
  }

  /** Unknown, malformed, revoked and expired tokens all throw the same NOT_FOUND. Counts the view. */
  async forShareToken(token: string): Promise<SharedTalentProfile> {
    if (!OPAQUE_TOKEN_PATTERN.test(token)) throw sharedProfileNotFound();
    const opened = await this.repo.open(hashOpaqueToken(token), new Date());
    if (!opened) throw sharedProfileNotFound();
    const person = await this.users.findById(opened.personId);
    if (!person) throw sharedProfileNotFound();
    return { profile: await this.build(person), expiresAt: opened.expiresAt };
  }

  /** A constant number of queries, whatever the number of competences and target roles. */
  private async build(person: UserEntity): Promise<TalentProfileModel> {
    const generatedAt = new Date();
    const [{ profile, effective }, targets, areas] = await Promise.all([
      this.profiles.competenceProfileOf(person.id),
      this.roles.targetRoleAnalysesOf(person.id),
      this.competences.listAreas(),
    ]);
    const competenceIds = new Set(effective.keys());
    for (const t of targets) {
      for (const item of [...t.gaps.items, ...t.gaps.unknowns]) competenceIds.add(item.competenceId);
    }
    const organisationIds = new Set([person.organisationId]);
    for (const t of targets) if (t.role.organisationId) organisationIds.add(t.role.organisationId);
    const [competences, organisations] = await Promise.all([
      this.competences.findByIds([...competenceIds]),
      this.organisations.findByIds([...organisationIds]),
    ]);
    const competenceById = new Map(competences.map((c) => [c.id, c]));
    const orgName = new Map(organisations.map((o) => [o.id, o.name]));
    const areaOrder = new Map(areas.map((a, i) => [a.id, i]));
    const areaName = new Map(areas.map((a) => [a.id, a.name]));
    const competenceOf = (id: string): CompetenceEntity => {
      const competence = competenceById.get(id);
      if (!competence) throw new Error(`competence ${id} vanished while building a talent profile`);
      return competence;
    };

    const competenceList: TalentProfileCompetenceModel[] = [...effective].map(([competenceId, e]) => {
      const c = competenceOf(competenceId);
      return {
        competenceId,
        code: c.code,
        name: c.name,
        areaId: c.areaId,
        areaName: areaName.get(c.areaId) ?? '',
        level: e.level,
        levelName: levelName(e.level),
        source: e.source,
        assessedAt: e.assessedAt,
        retired: c.retiredAt !== null,
      };
    });
    competenceList.sort(
      (x, y) =>
        (areaOrder.get(x.areaId) ?? Infinity) - (areaOrder.get(y.areaId) ?? Infinity) ||
        x.name.localeCompare(y.name, 'en') ||
        (x.competenceId < y.competenceId ? -1 : 1),
    );

    const gapItem = (i: GapItemModel): TalentProfileGapItemModel => {
      const c = competenceOf(i.competenceId);
      return {
        competenceId: i.competenceId,
        competenceCode: c.code,
        competenceName: c.name,
        currentLevel: i.currentLevel,
        currentLevelName: i.currentLevel === null ? null : levelName(i.currentLevel),
        requiredLevel: i.requiredLevel,
        requiredLevelName: levelName(i.requiredLevel),
        gap: i.gap,
        essential: i.essential,
        met: i.met,
        retired: i.retired,
        weight: i.weight,
      };
    };

    return {
      person: {
        id: person.id,
        displayName: person.displayName,
        organisationId: person.organisationId,
        organisationName: orgName.get(person.organisationId) ?? '',
        careerStage: profile?.careerStage ?? null,
        researchLevel: profile?.researchLevel ?? null,
        headline: profile?.headline ?? null,
      },
      competences: competenceList,
      targetRoles: targets.map((t) => ({
        position: t.position,
        roleId: t.role.id,
        version: t.role.version,
        title: t.role.title,
        description: t.role.description,
        organisationId: t.role.organisationId,
        organisationName: t.role.organisationId ? (orgName.get(t.role.organisationId) ?? null) : null,
        careerStage: t.role.careerStage,
        researchLevel: t.role.researchLevel,
        gapAnalysis: {
          items: t.gaps.items.map(gapItem),
          unknowns: t.gaps.unknowns.map(gapItem),
          readinessShare: t.gaps.readinessShare,
          readinessScore: t.gaps.readinessScore,
          essentialGaps: t.gaps.essentialGaps,
        },
      })),
      generatedAt,
    };
  }

  // ---- sharing -----------------------------------------------------------------------------------

  /** The viewer's own profile only. The token is returned here and never again (only its hash is kept). */
  createShare(viewer: AuthUser, args: CreateTalentProfileShareArgs): Promise<CreatedTalentProfileShareModel> {
    const token = newOpaqueToken();
    return this.tx.run(async (em) => {
      // Serialises share creation per person, so the active-share cap holds.
      await this.users.lockAccount(viewer.id, em);
      const now = new Date();
      if ((await this.repo.countActive(em, viewer.id, now)) >= MAX_ACTIVE_SHARES) {
        throw AppError.conflict(
          `At most ${MAX_ACTIVE_SHARES} share links at once: revoke one first`,
          TalentProfileErrorReason.TOO_MANY_ACTIVE_SHARES,
        );
      }
      const share = await this.repo.insert(em, {
        personId: viewer.id,
        tokenHash: hashOpaqueToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + args.expiresInDays * DAY_MS),
      });
      return { id: share.id, url: this.shareUrl(token), token, expiresAt: share.expiresAt };
    });
  }

  async myShares(viewer: AuthUser): Promise<TalentProfileShareModel[]> {
    const now = new Date();
    return (await this.repo.listOf(viewer.id)).map((s) => toShareModel(s, now));
  }

  /** Idempotent; someone else's share id answers NOT_FOUND, as a missing one. */
  async revokeShare(viewer: AuthUser, id: string): Promise<TalentProfileShareModel> {
    const share = await this.repo.revoke(id, viewer.id, new Date());
    if (!share) throw shareNotFound();
    return toShareModel(share);
  }

  private shareUrl(token: string): string {
    const base =
      this.config.get('PUBLIC_BASE_URL', { infer: true }) ??
      `http://localhost:${this.config.get('PORT', { infer: true })}`;
    return `${base}/shared/talent-profile/${token}`;
  }
}
