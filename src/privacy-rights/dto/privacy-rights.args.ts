import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

@ArgsType()
export class PersonArgs {
  @Field(() => ID, { description: 'The person (user id).' })
  @IsUUID()
  userId!: string;
}

@ArgsType()
export class ErasePersonArgs extends PersonArgs {
  @Field({
    description: 'Why (the request it answers): kept with the erasure record; do not name the person.',
  })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

@ArgsType()
export class RequestErasureArgs {
  @Field(() => String, { nullable: true, description: 'Optional: anything the admin should know.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

@ArgsType()
export class ConfirmErasureArgs {
  @Field(() => ID, { description: 'The erasure request.' })
  @IsUUID()
  requestId!: string;
}

@ArgsType()
export class ErasureRequestsArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Oldest first; at most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;
}

@ArgsType()
export class MyDataSubjectRequestsArgs {
  @Field(() => Int, { defaultValue: 50, description: 'Newest first; at most 200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;
}
