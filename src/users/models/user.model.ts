import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserRole } from '../../core/domain/enums';
import { PageInfoModel } from '../../common/graphql/pagination';

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

@ObjectType('UserEdge')
export class UserEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => UserModel)
  node!: UserModel;
}

@ObjectType('UserConnection')
export class UserConnectionModel {
  @Field(() => [UserEdgeModel])
  edges!: UserEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counts lazily: only when the client asks for totalCount. */
  count!: () => Promise<number>;
}
