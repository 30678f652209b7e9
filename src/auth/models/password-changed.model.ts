import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PasswordChanged')
export class PasswordChangedModel {
  @Field(() => Int, {
    description: 'How many other sessions (browsers signed in with a cookie) were signed out.',
  })
  endedSessions!: number;
}
