import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { AppError } from '../errors/app-error';
import { FieldCode } from '../errors/field-codes';

/** Relay page information, shared by every connection type. */
@ObjectType('PageInfo')
export class PageInfoModel {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page.' })
  endCursor!: string | null;
}

/** A keyset page of a connection: `first` rows after the cursor `after` (a page's `endCursor`). */
@ArgsType()
export class KeysetPageArgs {
  @Field(() => Int, { defaultValue: 20, description: '1..100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;
}

/**
 * Opaque keyset cursors: base64url of a JSON tuple. `tag` names the ordering the cursor was made for,
 * so a cursor of one ordering is refused for another instead of giving a wrong page.
 */
export function encodeCursor(tag: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...values]), 'utf8').toString('base64url');
}

/**
 * An edge of a keyset page whose cursor is encoded when it is read: a page whose client selects no
 * cursor (the 25-row opportunities page) encodes none. The cursor is the one `encodeCursor` gives.
 */
export class KeysetEdge<N> {
  constructor(
    readonly node: N,
    private readonly tag: string,
    private readonly values: readonly (string | number)[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.tag, this.values);
  }
}

/** A page's `pageInfo`, its endCursor (the last edge's cursor) encoded when it is read. */
export function keysetPageInfo(edges: readonly { cursor: string }[], hasNextPage: boolean): PageInfoModel {
  return {
    hasNextPage,
    get endCursor() {
      return edges.length ? edges[edges.length - 1].cursor : null;
    },
  };
}

/** The one answer to a page cursor (`after`) that is not one of this list and order. */
export function invalidCursor(): AppError {
  return AppError.badInput('Invalid cursor', [
    { field: 'after', message: 'not a cursor of this list and order', code: FieldCode.NOT_A_CURSOR },
  ]);
}

/** The values of a cursor made by `encodeCursor(tag, ...)`; BAD_USER_INPUT on field `after` otherwise. */
export function decodeCursor(cursor: string, tag: string, arity: number): string[] {
  const invalid = invalidCursor;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== tag ||
    !parsed.slice(1).every((v) => typeof v === 'string')
  ) {
    throw invalid();
  }
  return parsed.slice(1) as string[];
}
