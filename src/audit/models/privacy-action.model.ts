import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserRole } from '../../core/domain/enums';

/** Which use of a data protection right an audit entry records. */
export enum PrivacyActionKind {
  PURPOSE_CREATED = 'PURPOSE_CREATED',
  PURPOSE_UPDATED = 'PURPOSE_UPDATED',
  CONSENT_GIVEN = 'CONSENT_GIVEN',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  RESTRICTION_REQUESTED = 'RESTRICTION_REQUESTED',
  RESTRICTION_SET = 'RESTRICTION_SET',
  RESTRICTION_LIFTED = 'RESTRICTION_LIFTED',
  /** HR or an admin corrected someone's data (who and why are kept with the correction). */
  RECTIFIED = 'RECTIFIED',
  CONTEST_FILED = 'CONTEST_FILED',
  CONTEST_ANSWERED = 'CONTEST_ANSWERED',
  /** An admin set or removed the retention of a data category (src/retention). */
  RETENTION_RULE_SET = 'RETENTION_RULE_SET',
}

registerEnumType(PrivacyActionKind, {
  name: 'PrivacyActionKind',
  description: 'Which use of a data protection right (or change to the register) an audit entry records.',
});

@ObjectType('PrivacyActionDetail')
export class PrivacyActionDetailModel {
  @Field()
  key!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType('PrivacyAction', {
  description:
    'One use of a data protection right, or a change to the register of processing. The person concerned sees the organisation and roles of who acted, not who (unless it was themselves); admins see everything.',
})
export class PrivacyActionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The person concerned; null for changes to the register.' })
  subjectId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Who acted: for admins, and for the person when it was themselves.',
  })
  actorId!: string | null;

  @Field(() => ID)
  actorOrganisationId!: string;

  @Field(() => [UserRole])
  actorRoles!: UserRole[];

  @Field(() => PrivacyActionKind)
  action!: PrivacyActionKind;

  @Field(() => [PrivacyActionDetailModel], { description: 'Ids and codes the action was about.' })
  detail!: PrivacyActionDetailModel[];

  @Field()
  occurredAt!: Date;
}
