import { graphql } from '../../../gql';

export const FutureRolesQuery = graphql(`
  query FutureRoles {
    roleProfiles {
      id
      title
      careerStage
      organisation {
        id
        name
      }
    }
    myTargetRoles {
      id
      title
    }
  }
`);

export const SetTargetRolesMutation = graphql(`
  mutation SetTargetRoles($roleIds: [ID!]!) {
    setTargetRoles(roleIds: $roleIds) {
      id
      title
    }
  }
`);

export const RoleGapQuery = graphql(`
  query RoleGap($roleId: ID!) {
    gapAnalysis(roleId: $roleId) {
      roleId
      readinessShare
      readinessScore
      items {
        competenceId
        currentLevel
        requiredLevel
        gap
        essential
        met
        retired
        competence {
          id
          name
        }
      }
      unknowns {
        competenceId
        requiredLevel
        essential
        competence {
          id
          name
        }
      }
    }
    developmentPath(roleId: $roleId, first: 5) {
      opportunityId
      closedLevels
      share
      opportunity {
        id
        title
        applicationDeadline
      }
      develops {
        competenceId
        gapClosed
        competence {
          id
          name
        }
      }
    }
  }
`);
