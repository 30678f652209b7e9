import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

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
export class NotificationsConnectionArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  unreadOnly: boolean = false;

  @Field(() => Int, { defaultValue: 20, description: '1..100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;
}

@ArgsType()
export class NotificationIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}
