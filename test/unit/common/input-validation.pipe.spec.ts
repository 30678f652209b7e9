import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { InputValidationPipe } from '../../../src/common/validation/input-validation.pipe';
import { ValidatedOncePerValue } from '../../../src/common/validation/validated-once';

class PageArgs {
  @IsInt()
  @Min(1)
  first!: number;
}

class Filter {
  @IsOptional()
  @IsString()
  text?: string;
}

@ValidatedOncePerValue()
class BrowseArgs {
  @IsInt()
  @Min(1)
  first!: number;

  @IsIn(['DEADLINE', 'NEWEST'])
  orderBy!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Filter)
  filter?: Filter;
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

  describe('a class validated once per distinct value', () => {
    const args = gql.bind(null, 3, BrowseArgs);
    const refused = (value: unknown) =>
      pipe.transform(value, args()).then(
        () => 'passed',
        () => 'refused',
      );

    it('refuses every invalid value every time, whatever passed before', async () => {
      const valid = { first: 25, orderBy: 'DEADLINE' };
      for (let i = 0; i < 3; i++) {
        await expect(refused(valid)).resolves.toBe('passed');
        await expect(refused({ first: '25', orderBy: 'DEADLINE' })).resolves.toBe('refused');
        await expect(refused({ first: 25.5, orderBy: 'DEADLINE' })).resolves.toBe('refused');
        await expect(refused({ first: 0, orderBy: 'DEADLINE' })).resolves.toBe('refused');
        await expect(refused({ first: 25, orderBy: 'deadline' })).resolves.toBe('refused');
        await expect(refused({ ...valid, extra: true })).resolves.toBe('refused');
        await expect(refused({ ...valid, filter: { text: 5 } })).resolves.toBe('refused');
        await expect(refused({ ...valid, filter: { text: 'x', other: 1 } })).resolves.toBe('refused');
        await expect(refused({ ...valid, filter: { text: 'vaccine' } })).resolves.toBe('passed');
      }
    });

    it('gives each request its own instance of the arguments, nested inputs as their classes', async () => {
      const value = { first: 25, orderBy: 'NEWEST', filter: { text: 'trial' } };
      const one = (await pipe.transform({ ...value, filter: { ...value.filter } }, args())) as BrowseArgs;
      const two = (await pipe.transform({ ...value, filter: { ...value.filter } }, args())) as BrowseArgs;
      expect(two).toEqual(one);
      expect(two).not.toBe(one);
      expect(two).toBeInstanceOf(BrowseArgs);
      expect(two.filter).toBeInstanceOf(Filter);
    });

    it('is remembered per pipe: a pipe that strips undeclared properties still strips them', async () => {
      const stripping = new InputValidationPipe({ whitelist: true, transform: true });
      await expect(stripping.transform({ first: 3, orderBy: 'NEWEST' }, args())).resolves.toEqual({
        first: 3,
        orderBy: 'NEWEST',
      });
      await expect(stripping.transform({ first: 3, orderBy: 'NEWEST', extra: 1 }, args())).resolves.toEqual({
        first: 3,
        orderBy: 'NEWEST',
      });
    });
  });
});
