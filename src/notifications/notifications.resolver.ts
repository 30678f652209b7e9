import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { GqlContext } from '../common/auth/request-of';
import {
  NotificationIdArgs,
  NotificationsArgs,
  NotificationsConnectionArgs,
} from './dto/notification.inputs';
import { NotificationConnectionModel, NotificationModel } from './models/notification.model';
import { NotificationsService } from './notifications.service';

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => [NotificationModel], {
    description: 'The signed-in user’s notifications, newest first.',
    complexity: ({ args, childComplexity }) => (args.first as number) * childComplexity,
  })
  notifications(
    @CurrentUser() viewer: AuthUser,
    @Args() args: NotificationsArgs,
  ): Promise<NotificationModel[]> {
    return this.service.list(viewer, args);
  }

  @Query(() => NotificationConnectionModel, {
    description:
      'The signed-in user’s notifications, newest first, as keyset pages: pass pageInfo.endCursor as after.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 20) * childComplexity,
  })
  notificationsConnection(
    @CurrentUser() viewer: AuthUser,
    @Args() args: NotificationsConnectionArgs,
  ): Promise<NotificationConnectionModel> {
    return this.service.page(viewer, args);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread (the badge).' })
  unreadNotificationCount(@CurrentUser() viewer: AuthUser): Promise<number> {
    return this.service.unreadCount(viewer);
  }

  @Mutation(() => NotificationModel)
  markNotificationRead(
    @CurrentUser() viewer: AuthUser,
    @Args() { id }: NotificationIdArgs,
  ): Promise<NotificationModel> {
    return this.service.markRead(viewer, id);
  }

  @Mutation(() => Int, { description: 'Marks every unread notification read; returns how many.' })
  markAllNotificationsRead(@CurrentUser() viewer: AuthUser): Promise<number> {
    return this.service.markAllRead(viewer);
  }

  @Subscription(() => NotificationModel, {
    description: 'Notifications of the signed-in user as they arrive (graphql-ws).',
    filter: (notification: NotificationModel, _args: unknown, ctx: GqlContext) =>
      notification.userId === ctx.req.user?.id,
    resolve: (notification: NotificationModel) => notification,
  })
  notificationAdded(@CurrentUser() viewer: AuthUser): AsyncIterableIterator<NotificationModel> {
    return this.service.addedFor(viewer);
  }
}

@Resolver(() => NotificationConnectionModel)
export class NotificationConnectionResolver {
  @ResolveField(() => Int, {
    description: 'All your notifications (or unread ones, with unreadOnly), over every page.',
    complexity: 1,
  })
  totalCount(@Parent() connection: NotificationConnectionModel): Promise<number> {
    return connection.count();
  }
}
