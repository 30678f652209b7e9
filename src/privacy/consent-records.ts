import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonalDataAudit } from '../audit/audit.service';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { Visibility } from '../core/domain/enums';
import { ConsentEntity } from './entities/consent.entity';
import { ProcessingPurposeEntity } from './entities/processing-purpose.entity';
import { LawfulBasis, OptionalPurpose } from './models/privacy-enums';
import { PrivacyErrorReason, purposeNotFound } from './privacy.errors';
import { PrivacyRepository } from './privacy.repository';
import { FieldCode } from '../common/errors/field-codes';

/**
 * The consent records: the one place that writes `consents` and audits each change. Global, so that
 * the profiles feature records the FINDABLE_PROFILE consent when a person changes their visibility,
 * and the features that act on an optional purpose ask here whether consent is live.
 */
@Injectable()
export class ConsentRecords {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly audit: PersonalDataAudit,
  ) {}

  hasLiveConsent(personId: string, purpose: OptionalPurpose): Promise<boolean> {
    return this.repo.hasLiveConsent(personId, purpose);
  }

  /** The optional purpose with this code, or NOT_FOUND / PURPOSE_NOT_OPTIONAL. */
  async optionalPurpose(code: string, em: EntityManager): Promise<ProcessingPurposeEntity> {
    const purpose = await this.repo.findPurposeByCode(code, em);
    if (!purpose) throw purposeNotFound();
    if (purpose.lawfulBasis !== LawfulBasis.CONSENT) {
      throw AppError.badInput(
        `${purpose.name} is processed on the basis of ${purpose.lawfulBasis}, not consent`,
        [{ field: 'purpose', message: 'is not an optional purpose', code: FieldCode.NOT_ONE_OF }],
        PrivacyErrorReason.PURPOSE_NOT_OPTIONAL,
      );
    }
    return purpose;
  }

  /**
   * Records the person's consent to `purpose` in text version `textVersion` (which must be current).
   * Giving it again in the same version changes nothing; in a newer version it replaces the old one.
   */
  async give(
    em: EntityManager,
    person: AuthUser,
    purpose: ProcessingPurposeEntity,
    textVersion: string,
    now: Date,
  ): Promise<ConsentEntity> {
    if (textVersion !== purpose.consentTextVersion) {
      throw AppError.conflict(
        `The consent text of ${purpose.name} is now version ${purpose.consentTextVersion}: read it again`,
        PrivacyErrorReason.CONSENT_TEXT_OUTDATED,
      );
    }
    const live = await this.repo.lockLiveConsent(person.id, purpose.id, em);
    if (live?.textVersion === textVersion) return live;
    if (live) await this.repo.withdrawConsent(live, now, em);
    const consent = await this.repo.insertConsent(
      { personId: person.id, purposeId: purpose.id, textVersion, givenAt: now },
      em,
    );
    await this.audit.recordAction(em, person, PrivacyActionKind.CONSENT_GIVEN, person.id, {
      purpose: purpose.code,
      textVersion,
      consentId: consent.id,
    });
    return consent;
  }

  /** Withdraws the live consent, if there is one (never refused); returns it, or null. */
  async withdraw(
    em: EntityManager,
    person: AuthUser,
    purpose: ProcessingPurposeEntity,
    now: Date,
  ): Promise<ConsentEntity | null> {
    const live = await this.repo.lockLiveConsent(person.id, purpose.id, em);
    if (!live) return null;
    const withdrawn = await this.repo.withdrawConsent(live, now, em);
    await this.audit.recordAction(em, person, PrivacyActionKind.CONSENT_WITHDRAWN, person.id, {
      purpose: purpose.code,
      consentId: live.id,
    });
    return withdrawn;
  }

  /**
   * The person chose a profile visibility (updateMyProfile): CONSORTIUM is the FINDABLE_PROFILE
   * consent in its current text, PRIVATE withdraws it. Called in the profile change's transaction.
   */
  async visibilityChosen(em: EntityManager, person: AuthUser, visibility: Visibility): Promise<void> {
    const purpose = await this.optionalPurpose(OptionalPurpose.FINDABLE_PROFILE, em);
    const now = new Date();
    if (visibility === Visibility.CONSORTIUM) {
      await this.give(em, person, purpose, purpose.consentTextVersion!, now);
    } else {
      await this.withdraw(em, person, purpose, now);
    }
  }
}
