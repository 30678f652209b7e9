import { Field, ID, ObjectType } from '@nestjs/graphql';
import { LawfulBasis } from './privacy-enums';

@ObjectType('ProcessingPurpose', {
  description:
    'One purpose of the register of processing: why personal data is processed, on which lawful basis, which data, and for how long.',
})
export class ProcessingPurposeModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable key, e.g. FINDABLE_PROFILE.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => LawfulBasis)
  lawfulBasis!: LawfulBasis;

  @Field({ description: 'Optional (lawful basis CONSENT): you decide, and may withdraw at any time.' })
  optional!: boolean;

  @Field(() => [String], { description: 'The categories of personal data processed for it.' })
  dataCategories!: string[];

  @Field({ description: 'How long the data is kept for this purpose.' })
  retention!: string;

  @Field(() => String, { nullable: true, description: 'What you agree to (optional purposes).' })
  consentText!: string | null;

  @Field(() => String, { nullable: true, description: 'The version of the consent text.' })
  consentTextVersion!: string | null;

  @Field()
  updatedAt!: Date;
}

@ObjectType('Consent', {
  description:
    'Your consent to an optional purpose: the text version you agreed to, when, and when you withdrew it.',
})
export class ConsentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  purposeId!: string;

  @Field({ description: 'The purpose’s code.' })
  purposeCode!: string;

  @Field()
  textVersion!: string;

  @Field()
  givenAt!: Date;

  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;

  @Field({ description: 'Given and not withdrawn.' })
  active!: boolean;
}
