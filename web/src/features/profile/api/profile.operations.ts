import { graphql } from '../../../gql';

export const MyProfileQuery = graphql(`
  query MyProfile {
    myProfile {
      userId
      displayName
      headline
      careerStage
      researchLevel
      visibility
      updatedAt
      languages {
        code
        level
      }
      availability {
        start
        end
      }
    }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateMyProfile(input: $input) {
      userId
      headline
      careerStage
      researchLevel
      visibility
      updatedAt
      languages {
        code
        level
      }
      availability {
        start
        end
      }
    }
  }
`);
