import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Department')
export class DepartmentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID)
  organisationId!: string;
}

@ObjectType('Organisation', { description: 'A partner institution of the consortium.' })
export class OrganisationModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Short stable code, e.g. LUMC.' })
  code!: string;

  @Field()
  name!: string;
}
