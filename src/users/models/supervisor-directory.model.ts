import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/graphql/pagination';

@ObjectType('DirectorySupervisor', {
  description: 'A supervisor in the directory: name, organisation and department, nothing else.',
})
export class DirectorySupervisorModel {
  @Field(() => ID, { description: 'The user id (to invite as co-supervisor).' })
  id!: string;

  @Field()
  displayName!: string;

  /** Resolved as `organisation`. */
  organisationId!: string;

  /** Resolved as `department`. */
  departmentId!: string | null;
}

@ObjectType('DirectorySupervisorEdge')
export class DirectorySupervisorEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => DirectorySupervisorModel)
  node!: DirectorySupervisorModel;
}

@ObjectType('SupervisorDirectory')
export class SupervisorDirectoryModel {
  @Field(() => [DirectorySupervisorEdgeModel])
  edges!: DirectorySupervisorEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  /** Counts lazily: only when the client asks for totalCount. */
  count!: () => Promise<number>;
}
