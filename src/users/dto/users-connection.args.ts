import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

@ArgsType()
export class UsersConnectionArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Admins: this organisation, or all when omitted. HR: only their own (omitted: their own).',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

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
