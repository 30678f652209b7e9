import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsInt, Min } from 'class-validator';
import { InputValidationPipe } from '../../../src/common/validation/input-validation.pipe';

class PageArgs {
  @IsInt()
  @Min(1)
  first!: number;
}

class ParentRow {
  id!: string;
}

/** How Nest hands a GraphQL resolver's parameters to pipes (@nestjs/graphql GqlParamtype). */
const gql = (type: number, metatype: ArgumentMetadata['metatype']): ArgumentMetadata =>
  ({ type, metatype, data: undefined }) as unknown as ArgumentMetadata;

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

  it('validates GraphQL arguments', async () => {
    await expect(pipe.transform({ first: 0 }, gql(3, PageArgs))).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({ first: 5 }, gql(3, PageArgs))).resolves.toEqual({ first: 5 });
  });

  it('validates HTTP inputs', async () => {
    await expect(
      pipe.transform({ first: 'x' }, { type: 'query', metatype: PageArgs, data: undefined }),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  it('hands a field resolver its parent object as it is, without copying or validating it', async () => {
    const parent = { id: 'o-1', notDeclared: true };
    await expect(pipe.transform(parent, gql(0, ParentRow))).resolves.toBe(parent);
  });
});
