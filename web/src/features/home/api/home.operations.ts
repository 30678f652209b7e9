import { graphql } from '../../../gql';

export const CandidateHomeQuery = graphql(`
  query CandidateHome {
    myApplications(first: 100) {
      id
      opportunityId
      opportunityTitle
      status
      responseDeadline
      updatedAt
    }
    notifications(first: 10) {
      id
      type
      message
      createdAt
      read
    }
    recommendedOpportunities(first: 5) {
      score
      eligible
      opportunity {
        id
        title
        kind
        applicationDeadline
        hostOrganisation {
          id
          name
        }
      }
    }
  }
`);

export const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      type
      message
      createdAt
      read
    }
  }
`);

export const ApplicationStatusChangedSubscription = graphql(`
  subscription ApplicationStatusChanged {
    applicationStatusChanged {
      applicationId
      opportunityId
      from
      to
      at
    }
  }
`);
