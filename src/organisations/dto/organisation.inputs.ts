import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

@InputType()
export class CreateOrganisationInput {
  @Field({ description: 'Upper-case code, 2-20 characters: letters, digits, underscores.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, {
    message: 'code must be 2-20 upper-case letters, digits or underscores',
  })
  code!: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name!: string;
}

@InputType()
export class CreateDepartmentInput {
  @Field(() => ID)
  @IsUUID()
  organisationId!: string;

  @Field()
  @IsString()
  @Length(2, 200)
  name!: string;
}
