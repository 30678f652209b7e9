import { graphql } from '../../../gql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      displayName
      email
      roles
      organisation {
        id
        name
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      endedSessions
    }
  }
`);
