import { graphql } from '../../../gql';

export const MyOpportunitiesQuery = graphql(`
  query MyOpportunities {
    myOpportunities {
      id
      title
      kind
      status
      capacity
      seatsAvailable
      applicationDeadline
      reviewComment
      coSupervision {
        status
        declineReason
        coSupervisor {
          id
          displayName
          organisation {
            id
            name
          }
        }
      }
    }
  }
`);

export const EditableOpportunityQuery = graphql(`
  query EditableOpportunity($id: ID!) {
    opportunity(id: $id) {
      id
      kind
      title
      description
      status
      startsOn
      endsOn
      capacity
      applicationDeadline
      eligibleStages
      language
      workMode
      confidentialDetails
      reviewComment
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
        weight
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
  }
`);

export const CompetenceSearchQuery = graphql(`
  query CompetenceSearch($search: String) {
    competences(search: $search) {
      id
      name
      area {
        id
        name
      }
    }
  }
`);

export const CreateOpportunityMutation = graphql(`
  mutation CreateOpportunity($input: CreateOpportunityInput!) {
    createOpportunity(input: $input) {
      id
      status
    }
  }
`);

export const UpdateOpportunityMutation = graphql(`
  mutation UpdateOpportunity($id: ID!, $input: UpdateOpportunityInput!) {
    updateOpportunity(id: $id, input: $input) {
      id
      status
    }
  }
`);

export const SubmitOpportunityMutation = graphql(`
  mutation SubmitOpportunity($id: ID!) {
    submitOpportunity(id: $id) {
      id
      status
    }
  }
`);

export const ApplicantsQuery = graphql(`
  query Applicants($opportunityId: ID!) {
    opportunity(id: $opportunityId) {
      id
      title
      status
      kind
      developedCompetences {
        id
        name
      }
    }
    applicationsForOpportunity(opportunityId: $opportunityId, first: 40) {
      id
      status
      motivation
      createdAt
      responseDeadline
      applicant {
        id
        displayName
        careerStage
        organisation {
          id
          name
        }
      }
    }
    applicantRanking(opportunityId: $opportunityId) {
      rank
      application {
        id
      }
    }
  }
`);

/** Fit of the applicants (and findable people): a query of its own, to stay under the API's cost limit. */
export const ApplicantFitQuery = graphql(`
  query ApplicantFit($opportunityId: ID!) {
    matchingCandidates(opportunityId: $opportunityId, first: 30, applicantsOnly: true) {
      userId
      applied
      score
      eligible
      ineligibility {
        ...Ineligibility
      }
      missing {
        ...MissingCompetence
      }
    }
  }
`);

export const ShortlistMutation = graphql(`
  mutation Shortlist($id: ID!) {
    shortlistApplication(id: $id) {
      id
      status
    }
  }
`);

export const OfferMutation = graphql(`
  mutation Offer($id: ID!, $responseDeadline: DateTime!) {
    offerApplication(id: $id, responseDeadline: $responseDeadline) {
      id
      status
      responseDeadline
    }
  }
`);

export const RejectMutation = graphql(`
  mutation Reject($id: ID!, $reason: String) {
    rejectApplication(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const RankApplicantsMutation = graphql(`
  mutation RankApplicants($opportunityId: ID!, $applicationIds: [ID!]!) {
    rankApplicants(opportunityId: $opportunityId, applicationIds: $applicationIds) {
      rank
    }
  }
`);

export const CompleteMutation = graphql(`
  mutation Complete($id: ID!) {
    completeApplication(id: $id) {
      id
      status
    }
  }
`);

export const RecordEvidenceMutation = graphql(`
  mutation RecordEvidence($input: RecordPlacementEvidenceInput!) {
    recordPlacementEvidence(input: $input) {
      id
      level
    }
  }
`);

export const MyCoSupervisionsQuery = graphql(`
  query MyCoSupervisions {
    myCoSupervisions {
      status
      declineReason
      opportunityId
      opportunity {
        id
        title
        status
        reviewComment
        leadSupervisor {
          id
          displayName
          organisation {
            id
            name
          }
        }
      }
    }
  }
`);

export const RespondToCoSupervisionMutation = graphql(`
  mutation RespondToCoSupervision($opportunityId: ID!, $accept: Boolean!, $reason: String) {
    respondToCoSupervision(opportunityId: $opportunityId, accept: $accept, reason: $reason) {
      status
      declineReason
    }
  }
`);

export const InviteCoSupervisorMutation = graphql(`
  mutation InviteCoSupervisor($opportunityId: ID!, $userId: ID!) {
    inviteCoSupervisor(opportunityId: $opportunityId, userId: $userId) {
      status
    }
  }
`);

export const SupervisorDirectoryQuery = graphql(`
  query SupervisorDirectory($search: String) {
    supervisorDirectory(search: $search, partnersOnly: true, first: 10) {
      edges {
        node {
          id
          displayName
          organisation {
            id
            name
          }
          department {
            id
            name
          }
        }
      }
    }
  }
`);

/** How many students you may supervise at once: HR of your organisation sets it (read-only here). */
export const SupervisionCapacityQuery = graphql(`
  query SupervisionCapacity {
    myProfile {
      userId
      supervisionCapacity
    }
  }
`);
