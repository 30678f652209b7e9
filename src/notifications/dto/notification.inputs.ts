import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class NotificationsArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  unreadOnly: boolean = false;

  @Field(() => Int, { defaultValue: 20, description: 'Newest first; at most 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;
}

@ArgsType()
export class NotificationIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}
