import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/graphql/pagination';

@ObjectType('NotificationParams', {
  description:
    "The facts of a notification, to write its text in the reader's language from `type` (every one null in notifications older than these fields).",
})
export class NotificationParamsModel {
  @Field(() => String, { nullable: true, description: "The opportunity's title." })
  title!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The reason a person gave, in their own words (not translated).',
  })
  reason!: string | null;

  @Field(() => Date, { nullable: true, description: "An offer's response deadline." })
  responseDeadline!: Date | null;

  @Field(() => String, { nullable: true, description: "The allocation round's name." })
  round!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many: the offers a round run sent, or the supervision capacity HR set.',
  })
  count!: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "ROUND_OUTCOME: the titles of the person's choices that closed without an offer (the offer, if any, is `title`).",
  })
  closed!: string[] | null;
}

@ObjectType('Notification', { description: 'An in-app notification for the signed-in user.' })
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  userId!: string;

  @Field({ description: 'Template key, e.g. APPLICATION_OFFERED.' })
  type!: string;

  @Field({
    description: 'The text in English, for clients that do not write their own from type and params.',
  })
  message!: string;

  @Field(() => NotificationParamsModel)
  params!: NotificationParamsModel;

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

@ObjectType('NotificationEdge')
export class NotificationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => NotificationModel)
  node!: NotificationModel;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionModel {
  @Field(() => [NotificationEdgeModel])
  edges!: NotificationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counts lazily: only when the client asks for totalCount. */
  count!: () => Promise<number>;
}
