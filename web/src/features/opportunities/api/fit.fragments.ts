import { graphql } from '../../../gql';

/**
 * Why a fit is what it is, as codes with their facts (written in the chosen language by
 * components/fit-text.ts): shared by the candidate's fit (opportunity page) and the host's view of
 * applicants.
 */
export const IneligibilityFragment = graphql(`
  fragment Ineligibility on IneligibilityReason {
    code
    careerStage
    eligibleStages
    competenceId
    requiredLevel
    currentLevel
  }
`);

/** A requirement not met, with the competence's name. */
export const MissingCompetenceFragment = graphql(`
  fragment MissingCompetence on MissingRequirement {
    competenceId
    requiredLevel
    currentLevel
    essential
    competence {
      id
      name
    }
  }
`);
