import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Notification', { description: 'An in-app notification for the signed-in user.' })
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  userId!: string;

  @Field({ description: 'Template key, e.g. APPLICATION_OFFERED.' })
  type!: string;

  @Field()
  message!: string;

  @Field(() => ID, { nullable: true })
  applicationId!: string | null;

  @Field(() => ID, { nullable: true })
  opportunityId!: string | null;

  @Field()
  read!: boolean;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  @Field()
  createdAt!: Date;
}
