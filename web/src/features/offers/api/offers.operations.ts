import { graphql } from '../../../gql';

export const MyOffersQuery = graphql(`
  query MyOffers {
    offered: myApplications(first: 100, status: OFFERED) {
      id
      opportunityId
      opportunityTitle
      responseDeadline
    }
    accepted: myApplications(first: 100, status: ACCEPTED) {
      id
      opportunityId
      opportunityTitle
    }
    myTalentProfileShares {
      id
      createdAt
      expiresAt
      revokedAt
      lastViewedAt
      viewCount
      active
    }
  }
`);

export const AcceptOfferMutation = graphql(`
  mutation AcceptOffer($id: ID!) {
    acceptOffer(id: $id) {
      id
      status
    }
  }
`);

export const DeclineOfferMutation = graphql(`
  mutation DeclineOffer($id: ID!, $reason: String) {
    declineOffer(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const CreateShareMutation = graphql(`
  mutation CreateShare($days: Int!) {
    createTalentProfileShare(expiresInDays: $days) {
      id
      url
      expiresAt
    }
  }
`);

export const RevokeShareMutation = graphql(`
  mutation RevokeShare($id: ID!) {
    revokeTalentProfileShare(id: $id) {
      id
      revokedAt
      active
    }
  }
`);
