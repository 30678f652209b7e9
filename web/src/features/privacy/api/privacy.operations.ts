import { graphql } from '../../../gql';

export const PrivacyPageQuery = graphql(`
  query PrivacyPage {
    processingPurposes {
      id
      code
      name
      description
      lawfulBasis
      retention
      optional
      consentText
      consentTextVersion
    }
    myConsents {
      id
      purposeCode
      textVersion
      active
      givenAt
      withdrawnAt
    }
    myProcessingRestrictions {
      id
      inForce
      reason
      requestedByPerson
      startedAt
      liftedAt
    }
    myDataSubjectRequests(first: 20) {
      id
      kind
      status
      reason
      requestedAt
      decidedAt
    }
  }
`);

export const GiveConsentMutation = graphql(`
  mutation GiveConsent($purpose: String!, $textVersion: String!) {
    giveConsent(purpose: $purpose, textVersion: $textVersion) {
      id
      purposeCode
      textVersion
      active
      givenAt
      withdrawnAt
    }
  }
`);

export const WithdrawConsentMutation = graphql(`
  mutation WithdrawConsent($purpose: String!) {
    withdrawConsent(purpose: $purpose) {
      id
      purposeCode
      textVersion
      active
      givenAt
      withdrawnAt
    }
  }
`);

export const RequestRestrictionMutation = graphql(`
  mutation RequestRestriction($reason: String!) {
    requestProcessingRestriction(reason: $reason) {
      id
      inForce
      reason
      requestedByPerson
      startedAt
      liftedAt
    }
  }
`);

export const RequestErasureMutation = graphql(`
  mutation RequestErasure($reason: String) {
    requestErasure(reason: $reason) {
      id
      status
      reason
      createdAt
    }
  }
`);
