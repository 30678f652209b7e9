import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserRole } from '../../core/domain/enums';

/** What was read. */
export enum PersonalDataReadKind {
  /** A profile (`profile`), with levels and, for HR of the person's organisation, the history. */
  PROFILE = 'PROFILE',
  /** A page of `findableProfiles` the person was on. */
  FINDABLE_PROFILES = 'FINDABLE_PROFILES',
  GAP_ANALYSIS = 'GAP_ANALYSIS',
  /** The talent profile (GraphQL, JSON or the page). */
  TALENT_PROFILE = 'TALENT_PROFILE',
  /** A `mostReadyCandidates` list the person was on. */
  MOST_READY_CANDIDATES = 'MOST_READY_CANDIDATES',
  /** A `matchingCandidates` list the person was on. */
  MATCHING_CANDIDATES = 'MATCHING_CANDIDATES',
  /** The applications of an opportunity (`applicationsForOpportunity`), the person's among them. */
  APPLICATIONS = 'APPLICATIONS',
  /** An export of everything held about the person, made by an admin (`exportPersonData`). */
  DATA_EXPORT = 'DATA_EXPORT',
  /** A contest the person filed, read by HR of the organisation concerned or an admin (`contest`, `contestsToAnswer`). */
  CONTESTS = 'CONTESTS',
}

registerEnumType(PersonalDataReadKind, {
  name: 'PersonalDataReadKind',
  description: 'Which read of personal data an audit entry records.',
});

@ObjectType('PersonalDataRead', {
  description:
    'One read of a person’s personal data by HR or an admin. The person sees the reader’s organisation and role, not who exactly; admins see the reader too.',
})
export class PersonalDataReadModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => ID, { nullable: true, description: 'The reader: for admins only; null for the person.' })
  readerId!: string | null;

  @Field(() => ID)
  readerOrganisationId!: string;

  @Field(() => [UserRole], { description: 'The roles the reader held at the time.' })
  readerRoles!: UserRole[];

  @Field(() => PersonalDataReadKind)
  kind!: PersonalDataReadKind;

  @Field()
  readAt!: Date;
}
