import { graphql } from '../../../gql';

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      expiresAt
      user {
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
  }
`);
