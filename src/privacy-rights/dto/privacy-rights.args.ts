import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@ArgsType()
export class PersonArgs {
  @Field(() => ID, { description: 'The person (user id).' })
  @IsUUID()
  userId!: string;
}
