import { ArgsType, Field } from '@nestjs/graphql';
import { IsEmail, IsString, Length } from 'class-validator';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  password!: string;
}
