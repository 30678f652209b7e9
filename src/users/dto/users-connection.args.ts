import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { KeysetPageArgs } from '../../common/graphql/pagination';

@ArgsType()
export class UsersConnectionArgs extends KeysetPageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Admins: this organisation, or all when omitted. HR: only their own (omitted: their own).',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;
}
