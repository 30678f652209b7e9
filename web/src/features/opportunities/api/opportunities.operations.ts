import { graphql } from '../../../gql';

export const OpportunitySearchQuery = graphql(`
  query OpportunitySearch($filter: OpportunityFilterInput, $after: String) {
    opportunities(first: 20, filter: $filter, after: $after, orderBy: DEADLINE) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          kind
          applicationDeadline
          startsOn
          endsOn
          seatsAvailable
          hostOrganisation {
            id
            name
          }
        }
      }
    }
    organisations {
      id
      name
    }
  }
`);

export const RecommendationsQuery = graphql(`
  query Recommendations {
    recommendedOpportunities(first: 20) {
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

export const OpportunityDetailQuery = graphql(`
  query OpportunityDetail($id: ID!) {
    opportunity(id: $id) {
      id
      title
      description
      kind
      status
      applicationDeadline
      startsOn
      endsOn
      capacity
      seatsAvailable
      language
      workMode
      eligibleStages
      confidentialDetails
      hostOrganisation {
        id
        name
      }
      hostDepartment {
        id
        name
      }
      leadSupervisor {
        id
        displayName
      }
      details {
        subject
        teachingHours
        courseLevel
        weeks
        credits
        days
        groupSize
        projectLevel
        load
      }
      requirements {
        competenceId
        minLevel
        essential
        competence {
          id
          name
        }
      }
      developedCompetences {
        id
        name
      }
    }
    myApplications(first: 200) {
      id
      opportunityId
      status
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      id
      status
      opportunityId
    }
  }
`);

export const WithdrawApplicationMutation = graphql(`
  mutation WithdrawApplication($id: ID!, $reason: String) {
    withdrawApplication(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

/**
 * Your fit with this opportunity: score, parts, what is missing, why not eligible (also after applying),
 * and HR's reason when HR lets you apply although not eligible.
 */
export const OpportunityFitQuery = graphql(`
  query OpportunityFit($id: ID!) {
    myFit(opportunityId: $id) {
      score
      eligible
      eligibilityOverride {
        id
        reason
      }
      ineligibility {
        ...Ineligibility
      }
      parts {
        key
        value
        weight
        code
        facts {
          met
          total
          share
          competences
          targets
          levels
          language
          spokenLevel
          neededLevel
        }
      }
      missing {
        ...MissingCompetence
      }
    }
  }
`);
