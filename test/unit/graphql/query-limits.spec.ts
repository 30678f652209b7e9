import { GraphQLError, parse } from 'graphql';
import { ErrorCode } from '../../../src/common/errors/error-codes';
import { parseOptions, tokenLimitError } from '../../../src/common/graphql/query-limits';

describe('token limit', () => {
  const limits = { maxDepth: 8, maxAliases: 15, maxDirectives: 50, maxTokens: 20 };

  it("recognises the installed graphql-js's token-limit error as TOO_MANY_TOKENS", () => {
    let thrown: unknown;
    try {
      parse(`{ ${'a '.repeat(30)}}`, parseOptions(limits));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    const mapped = tokenLimitError((thrown as GraphQLError).message);
    expect(mapped?.limitCode).toBe(ErrorCode.TOO_MANY_TOKENS);
    expect(mapped?.message).toBe('Document has more tokens than the limit of 20');
  });

  it('leaves other syntax errors alone', () => {
    expect(tokenLimitError('Syntax Error: Expected Name, found <EOF>.')).toBeNull();
  });
});
