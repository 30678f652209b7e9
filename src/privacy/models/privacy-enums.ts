import { registerEnumType } from '@nestjs/graphql';

/** The lawful basis of a purpose of processing (GDPR article 6(1)). */
export enum LawfulBasis {
  CONTRACT = 'CONTRACT',
  LEGITIMATE_INTEREST = 'LEGITIMATE_INTEREST',
  CONSENT = 'CONSENT',
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
}

/**
 * The optional purposes whose consent the code acts on. Each is a row of the register (seeded by the
 * migration that created it); giving or withdrawing consent to it changes what others may see at once.
 */
export enum OptionalPurpose {
  /** Findable by supervisors and HR of the partners (profile visibility CONSORTIUM), also after a call. */
  FINDABLE_PROFILE = 'FINDABLE_PROFILE',
  /** The talent profile (competences, target roles, gaps) readable by supervisors and HR of the partners. */
  TALENT_PROFILE_CONSORTIUM = 'TALENT_PROFILE_CONSORTIUM',
  /** Counted in consortium-wide analytics (aggregates other organisations' HR see). */
  CONSORTIUM_ANALYTICS = 'CONSORTIUM_ANALYTICS',
}

registerEnumType(LawfulBasis, {
  name: 'LawfulBasis',
  description: 'The lawful basis of a purpose (GDPR art. 6(1)): only CONSENT purposes are optional.',
});
