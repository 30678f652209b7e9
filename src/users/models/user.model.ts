import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserRole } from '../../core/domain/enums';

registerEnumType(UserRole, { name: 'UserRole' });

@ObjectType('User', { description: 'A user account. Password hashes are never exposed.' })
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => [UserRole])
  roles!: UserRole[];

  @Field(() => ID)
  organisationId!: string;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;
}
