import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

@ArgsType()
export class SupervisorDirectoryArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Words of the name, in any order and case (each must occur in the name).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only supervisors of this organisation.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @Field({
    defaultValue: false,
    description: 'Only supervisors of other organisations than yours (partners, for co-supervision).',
  })
  @IsBoolean()
  partnersOnly!: boolean;

  @Field(() => Int, { defaultValue: 20, description: '1..100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;
}
