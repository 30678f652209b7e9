import { graphql } from '../../../gql';

export const OpenRoundsQuery = graphql(`
  query OpenRounds {
    openRounds(first: 50) {
      id
      name
      rankingDeadline
      maxChoices
      organisation {
        id
        name
      }
    }
  }
`);

export const MyRoundsQuery = graphql(`
  query MyRounds {
    myRounds(first: 50) {
      id
      name
      status
      rankingDeadline
      publishedAt
    }
  }
`);

export const RoundQuery = graphql(`
  query Round($id: ID!) {
    round(id: $id) {
      id
      name
      status
      maxChoices
      rankingDeadline
      publishedAt
      opportunities {
        id
        title
        kind
        hostOrganisation {
          id
          name
        }
      }
    }
    myRoundChoices(roundId: $id) {
      opportunityId
      rank
    }
  }
`);

export const RoundOutcomeQuery = graphql(`
  query RoundOutcome($id: ID!) {
    myRoundOutcome(roundId: $id) {
      opportunityId
      opportunity {
        id
        title
      }
      choiceRank
      preAssigned
      reason
      rankedAbove {
        opportunityId
        opportunity {
          id
          title
        }
        rank
        reason
      }
    }
  }
`);

export const SubmitChoicesMutation = graphql(`
  mutation SubmitChoices($roundId: ID!, $opportunityIds: [ID!]!) {
    submitRoundChoices(roundId: $roundId, opportunityIds: $opportunityIds) {
      opportunityId
      rank
    }
  }
`);
