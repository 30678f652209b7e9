import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { UserRole } from '../../core/domain/enums';
import { WithUseCaseChecks } from '../../common/validation/use-case-checks';

@WithUseCaseChecks()
@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @Field()
  @IsString()
  @Length(2, 200)
  displayName!: string;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password!: string;

  @Field(() => ID)
  @IsUUID()
  organisationId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @Field(() => [UserRole])
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(UserRole, { each: true })
  roles!: UserRole[];
}
