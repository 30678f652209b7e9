import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DataSubjectRequestKind, DataSubjectRequestStatus } from '../entities/data-subject-request.entity';

registerEnumType(DataSubjectRequestStatus, {
  name: 'DataSubjectRequestStatus',
  description: 'REQUESTED: waiting for an admin; DONE: carried out.',
});

registerEnumType(DataSubjectRequestKind, {
  name: 'DataSubjectRequestKind',
  description: 'EXPORT: a download of everything held about the person; ERASURE: their anonymisation.',
});

@ObjectType('KeptRecord', { description: 'Something an erasure had to keep: what, why, and until when.' })
export class KeptRecordModel {
  @Field()
  what!: string;

  @Field()
  why!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A date (YYYY-MM-DD); null: as long as the record exists.',
  })
  until!: string | null;
}

@ObjectType('ErasureRequest', { description: 'A person’s request to be erased, and what became of it.' })
export class ErasureRequestModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The person to be erased.' })
  subjectId!: string;

  @Field(() => DataSubjectRequestStatus)
  status!: DataSubjectRequestStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType('Erasure', { description: 'The outcome of an erasure.' })
export class ErasureModel {
  @Field(() => ID, { description: 'The erasure’s record (data_subject_requests).' })
  requestId!: string;

  @Field(() => ID, { description: 'The anonymised account.' })
  subjectId!: string;

  @Field()
  erasedAt!: Date;

  @Field(() => [KeptRecordModel], { description: 'What had to be kept, why, and until when.' })
  kept!: KeptRecordModel[];
}

@ObjectType('DataSubjectRequest', {
  description:
    'One of your own uses of a data protection right (an export or an erasure request) and what became of it.',
})
export class DataSubjectRequestModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DataSubjectRequestKind)
  kind!: DataSubjectRequestKind;

  @Field(() => DataSubjectRequestStatus, {
    description:
      'An erasure you asked for is REQUESTED until an admin carries it out; an export is DONE at once.',
  })
  status!: DataSubjectRequestStatus;

  @Field({
    description: 'True when you asked; false when an admin acted on a request that came another way.',
  })
  byYou!: boolean;

  @Field(() => String, { nullable: true, description: 'What you wrote with the request.' })
  reason!: string | null;

  @Field()
  requestedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was carried out; null while it waits.' })
  decidedAt!: Date | null;

  @Field(() => [KeptRecordModel], {
    nullable: true,
    description: 'Erasure: what had to be kept, why, and until when (null until it is carried out).',
  })
  kept!: KeptRecordModel[] | null;
}
