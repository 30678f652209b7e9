import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @Field({ description: 'At least 12 characters.' })
  @IsString()
  @Length(12, 200, { message: 'newPassword must be 12 to 200 characters long' })
  newPassword!: string;
}
