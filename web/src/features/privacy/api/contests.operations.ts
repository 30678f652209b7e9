import { graphql } from '../../../gql';

export const ContestFieldsFragment = graphql(`
  fragment ContestFields on Contest {
    id
    kind
    subjectId
    status
    reason
    filedAt
    answer {
      outcome
      reason
      answeredAt
    }
  }
`);

export const MyContestsQuery = graphql(`
  query MyContests {
    myContests {
      ...ContestFields
    }
  }
`);

export const FileContestMutation = graphql(`
  mutation FileContest($kind: ContestKind!, $subjectId: ID!, $reason: String!) {
    fileContest(kind: $kind, subjectId: $subjectId, reason: $reason) {
      ...ContestFields
    }
  }
`);
