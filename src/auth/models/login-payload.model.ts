import { Field, ObjectType } from '@nestjs/graphql';
import { UserModel } from '../../users/models/user.model';

@ObjectType('LoginPayload')
export class LoginPayloadModel {
  @Field({ description: 'Bearer token for the Authorization header.' })
  accessToken!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => UserModel)
  user!: UserModel;
}
