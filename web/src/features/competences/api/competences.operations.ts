import { graphql } from '../../../gql';

export const MyCompetencesQuery = graphql(`
  query MyCompetences {
    proficiencyScale {
      level
      name
      descriptor
    }
    competenceAreas {
      id
      name
      competences {
        id
        name
        description
      }
    }
    myProfile {
      userId
      competences {
        competenceId
        level
        source
        assessedAt
      }
      assessments {
        id
        competenceId
        level
        source
        assessedAt
        note
      }
    }
  }
`);

export const SelfAssessMutation = graphql(`
  mutation SelfAssess($competenceId: ID!, $level: Int!) {
    selfAssess(competenceId: $competenceId, level: $level) {
      id
      competenceId
      level
      source
    }
  }
`);
