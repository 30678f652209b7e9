import { graphql } from '../../../gql';

/** What the home page shows of a notification: the list and the live ones alike. */
export const NotificationFieldsFragment = graphql(`
  fragment NotificationFields on Notification {
    id
    type
    message
    createdAt
    read
    params {
      title
      reason
      responseDeadline
      round
      count
      closed
    }
  }
`);

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
      ...NotificationFields
    }
    recommendedOpportunities(first: 5) {
      score
      eligible
      eligibilityOverride {
        id
        reason
      }
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
      ...NotificationFields
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
