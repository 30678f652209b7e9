import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonalDataAudit } from '../audit/audit.service';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { FieldError } from '../common/errors/error-codes';
import { Visibility } from '../core/domain/enums';
import { ProfilesService } from '../profiles/profiles.service';
import { ConsentRecords } from './consent-records';
import {
  CreateProcessingPurposeInput,
  GiveConsentArgs,
  UpdateProcessingPurposeArgs,
  WithdrawConsentArgs,
} from './dto/privacy.inputs';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { ConsentModel, ProcessingPurposeModel } from './models/processing-purpose.model';
import { LawfulBasis, OptionalPurpose } from './models/privacy-enums';
import { PrivacyErrorReason, purposeNotFound } from './privacy.errors';
import { PrivacyRepository } from './privacy.repository';
import { FieldCode } from '../common/errors/field-codes';

export function toPurposeModel(p: ProcessingPurposeEntity): ProcessingPurposeModel {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    lawfulBasis: p.lawfulBasis,
    optional: p.lawfulBasis === LawfulBasis.CONSENT,
    dataCategories: p.dataCategories,
    retention: p.retention,
    consentText: p.consentText,
    consentTextVersion: p.consentTextVersion,
    updatedAt: p.updatedAt,
  };
}

function toConsentModel(c: ConsentEntity, purposeCode: string): ConsentModel {
  return {
    id: c.id,
    purposeId: c.purposeId,
    purposeCode,
    textVersion: c.textVersion,
    givenAt: c.givenAt,
    withdrawnAt: c.withdrawnAt,
    active: c.withdrawnAt === null,
  };
}

/** A CONSENT purpose needs its text and version. */
function consentTextProblems(
  p: Pick<ProcessingPurposeEntity, 'lawfulBasis' | 'consentText' | 'consentTextVersion'>,
) {
  const fields: FieldError[] = [];
  if (p.lawfulBasis !== LawfulBasis.CONSENT) return fields;
  const required = { message: 'is required for a CONSENT purpose', code: FieldCode.REQUIRED };
  if (!p.consentText) fields.push({ field: 'consentText', ...required });
  if (!p.consentTextVersion) fields.push({ field: 'consentTextVersion', ...required });
  return fields;
}

/**
 * The register of processing and consent (issue 12). Consent and profile visibility: the visibility
 * CONSORTIUM is what the FINDABLE_PROFILE consent does, so the two are kept as one: giving that consent
 * makes the profile findable and withdrawing it makes it PRIVATE in the same transaction, and choosing
 * a visibility in updateMyProfile records the consent or its withdrawal (ConsentRecords). Readers keep
 * asking the visibility, as before; the consent rows are the evidence of who agreed to what, and when.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly consents: ConsentRecords,
    private readonly profiles: ProfilesService,
    private readonly audit: PersonalDataAudit,
    private readonly tx: TransactionRunner,
  ) {}

  async processingPurposes(): Promise<ProcessingPurposeModel[]> {
    return (await this.repo.listPurposes()).map(toPurposeModel);
  }

  /** ADMIN (the resolver's @Roles). */
  async createPurpose(admin: AuthUser, input: CreateProcessingPurposeInput): Promise<ProcessingPurposeModel> {
    const values = {
      code: input.code,
      name: input.name.trim(),
      description: input.description.trim(),
      lawfulBasis: input.lawfulBasis,
      dataCategories: input.dataCategories.map((c) => c.trim()),
      retention: input.retention.trim(),
      consentText: input.consentText?.trim() || null,
      consentTextVersion: input.consentTextVersion?.trim() || null,
    };
    const problems = consentTextProblems(values);
    if (problems.length) throw AppError.badInput('A CONSENT purpose needs its consent text', problems);
    const created = await this.tx.run(async (em) => {
      const row = await this.repo.insertPurpose(values, em);
      if (!row) {
        throw AppError.conflict(
          `A purpose with code ${input.code} exists`,
          PrivacyErrorReason.PURPOSE_CODE_TAKEN,
        );
      }
      await this.audit.recordAction(em, admin, PrivacyActionKind.PURPOSE_CREATED, null, {
        purpose: row.code,
      });
      return row;
    });
    return toPurposeModel(created);
  }

  /** ADMIN. The lawful basis cannot move to or from CONSENT once consents to the purpose exist. */
  async updatePurpose(admin: AuthUser, args: UpdateProcessingPurposeArgs): Promise<ProcessingPurposeModel> {
    const { input } = args;
    const updated = await this.tx.run(async (em) => {
      const purpose = await this.repo.lockPurpose(args.id, em);
      if (!purpose) throw purposeNotFound();
      const before = { ...purpose };
      if (input.name !== undefined) purpose.name = input.name.trim();
      if (input.description !== undefined) purpose.description = input.description.trim();
      if (input.dataCategories !== undefined)
        purpose.dataCategories = input.dataCategories.map((c) => c.trim());
      if (input.retention !== undefined) purpose.retention = input.retention.trim();
      if (input.lawfulBasis !== undefined) purpose.lawfulBasis = input.lawfulBasis;
      if (input.consentText !== undefined) purpose.consentText = input.consentText?.trim() || null;
      if (input.consentTextVersion !== undefined) {
        purpose.consentTextVersion = input.consentTextVersion?.trim() || null;
      }
      const problems = consentTextProblems(purpose);
      if (problems.length) throw AppError.badInput('A CONSENT purpose needs its consent text', problems);
      if (
        purpose.consentText !== before.consentText &&
        before.consentText !== null &&
        purpose.consentTextVersion === before.consentTextVersion
      ) {
        throw AppError.badInput(
          'The consent text changed: give it a new version',
          [
            {
              field: 'consentTextVersion',
              message: 'must change when the consent text does',
              code: FieldCode.UNCHANGED,
            },
          ],
          PrivacyErrorReason.CONSENT_TEXT_VERSION_UNCHANGED,
        );
      }
      const basisFlips =
        (before.lawfulBasis === LawfulBasis.CONSENT) !== (purpose.lawfulBasis === LawfulBasis.CONSENT);
      if (basisFlips && (await this.repo.purposeHasConsents(purpose.id, em))) {
        throw AppError.conflict(
          'People gave consent to this purpose: its lawful basis cannot move to or from CONSENT',
          PrivacyErrorReason.LAWFUL_BASIS_IN_USE,
        );
      }
      const saved = await this.repo.savePurpose(purpose, em);
      await this.audit.recordAction(em, admin, PrivacyActionKind.PURPOSE_UPDATED, null, {
        purpose: saved.code,
        lawfulBasis: saved.lawfulBasis,
        consentTextVersion: saved.consentTextVersion,
      });
      return saved;
    });
    return toPurposeModel(updated);
  }

  /** Yours, newest first, withdrawn ones included. */
  async myConsents(viewer: AuthUser): Promise<ConsentModel[]> {
    const [rows, purposes] = await Promise.all([this.repo.consentsOf(viewer.id), this.repo.listPurposes()]);
    const codes = new Map(purposes.map((p) => [p.id, p.code]));
    return rows.map((c) => toConsentModel(c, codes.get(c.purposeId) ?? ''));
  }

  async giveConsent(viewer: AuthUser, args: GiveConsentArgs): Promise<ConsentModel> {
    return this.tx.run(async (em) => {
      const purpose = await this.consents.optionalPurpose(args.purpose, em);
      const consent = await this.consents.give(em, viewer, purpose, args.textVersion, new Date());
      await this.applyConsent(em, viewer, purpose.code, true);
      return toConsentModel(consent, purpose.code);
    });
  }

  /** Never refused for the state things are in; takes effect in the same transaction. */
  async withdrawConsent(viewer: AuthUser, args: WithdrawConsentArgs): Promise<ConsentModel | null> {
    return this.tx.run(async (em) => {
      const purpose = await this.consents.optionalPurpose(args.purpose, em);
      const withdrawn = await this.consents.withdraw(em, viewer, purpose, new Date());
      await this.applyConsent(em, viewer, purpose.code, false);
      return withdrawn ? toConsentModel(withdrawn, purpose.code) : null;
    });
  }

  /**
   * What a consent switches that is stored elsewhere. TALENT_PROFILE_CONSORTIUM and
   * CONSORTIUM_ANALYTICS are read where they act (talent profile access, consortium analytics).
   */
  private async applyConsent(em: EntityManager, person: AuthUser, code: string, given: boolean) {
    if (code === OptionalPurpose.FINDABLE_PROFILE) {
      await this.profiles.setVisibility(person.id, given ? Visibility.CONSORTIUM : Visibility.PRIVATE, em);
    }
  }
}
