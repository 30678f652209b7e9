import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'graphql-ws';
import { PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import WebSocket from 'ws';
import { ErrorCode } from '../../src/common/errors/error-codes';
import { wsClient } from '../utils/graphql-ws';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Hostile input, table-driven, over HTTP and over graphql-ws. Whatever a case sends, the answer is a
 * 4xx (or a 200 carrying errors), every error has a stable code and never INTERNAL_SERVER_ERROR,
 * nothing in it is a stack trace or SQL, and it comes well within 5 s (a guard against hangs, not
 * a speed target). Each case also names the code(s) it must get.
 */

/** Codes a client may meet (docs/errors.md). */
const STABLE = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));
const STACK = /\n\s+at\s|\bat\s+\S+\s+\(\S+:\d+:\d+\)|\.(ts|js):\d+|node_modules|Maximum call stack/;
const SQL =
  /\b(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b|syntax error at or near|invalid input syntax|violates .* constraint|QueryFailedError|relation ".+" does not exist|\bpg_|duplicate key value/i;
const WITHIN_MS = 5000;

type As = 'candidate' | 'admin' | 'nobody';

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

interface OperationCase {
  name: string;
  operation: Operation;
  as?: As;
  /** The code the first error must have ('OK': the operation may also be served). */
  codes: string[];
  /** Also over graphql-ws (default: yes). */
  ws?: boolean;
  /** Over HTTP (default: yes). */
  http?: boolean;
}

interface RawCase {
  name: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  path?: string;
  codes: string[];
  status?: number;
}

const uuid = () => randomUUID();
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const PROFILE = 'mutation($i: UpdateProfileInput!) { updateMyProfile(input: $i) { userId } }';
const SEARCH = 'query($s: String) { competences(search: $s) { id } }';
const APPLY = 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }';
const NOTIFICATIONS = 'query($n: Int!) { notifications(first: $n) { id } }';
const ROUNDS = 'query($s: RoundStatus) { rounds(status: $s) { id } }';
const OPPORTUNITY = 'query($id: ID!) { opportunity(id: $id) { id } }';

const OPERATION_CASES: OperationCase[] = [
  // -- variables of the wrong type, missing, unknown fields, prototype keys
  {
    name: 'an object for an ID variable',
    operation: { query: OPPORTUNITY, variables: { id: { a: 1 } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a list for an ID variable',
    operation: { query: OPPORTUNITY, variables: { id: [uuid()] } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a string for an Int variable',
    operation: { query: NOTIFICATIONS, variables: { n: 'ten' } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a float for an Int variable',
    operation: { query: NOTIFICATIONS, variables: { n: 1.5 } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a huge Int variable',
    operation: { query: NOTIFICATIONS, variables: { n: 2 ** 53 } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a negative page size',
    operation: { query: NOTIFICATIONS, variables: { n: -1 } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a missing required variable',
    operation: { query: OPPORTUNITY, variables: {} },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a null required variable',
    operation: { query: OPPORTUNITY, variables: { id: null } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a variable of an unknown type',
    operation: { query: 'query($x: Nope) { me { id } }', variables: { x: 1 } },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unused variable',
    operation: { query: 'query($x: Int) { me { id } }', variables: { x: 1 } },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an undeclared variable',
    operation: { query: '{ opportunity(id: $id) { id } }', variables: { id: uuid() } },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unknown input field in a variable',
    operation: { query: PROFILE, variables: { i: { bogus: 1 } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'an unknown input field in a literal',
    operation: { query: 'mutation { updateMyProfile(input: { bogus: 1 }) { userId } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a __proto__ key in an input',
    operation: { query: PROFILE, variables: JSON.parse('{"i": {"__proto__": {"headline": "x"}}}') },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a constructor key in an input',
    operation: { query: PROFILE, variables: { i: { constructor: { prototype: {} } } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a __proto__ variable',
    operation: { query: OPPORTUNITY, variables: JSON.parse(`{"__proto__": {"id": "${uuid()}"}}`) },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a __proto__ literal field',
    operation: { query: 'mutation { updateMyProfile(input: { __proto__: { headline: "x" } }) { userId } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
  },
  {
    name: 'a list where an input object goes',
    operation: { query: PROFILE, variables: { i: [{ headline: 'x' }] } },
    codes: ['BAD_USER_INPUT'],
  },
  // -- NUL characters
  {
    name: 'a NUL byte in a profile headline',
    operation: { query: PROFILE, variables: { i: { headline: 'Post\u0000doc' } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a NUL byte in a competence search',
    operation: { query: SEARCH, variables: { s: 'vac\u0000cine' } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a NUL escape in a search literal',
    operation: { query: '{ competences(search: "a\\u0000b") { id } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a NUL byte in a motivation',
    operation: { query: APPLY, variables: { i: { opportunityId: uuid(), motivation: 'I\u0000want this' } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a NUL byte in a login e-mail',
    as: 'nobody',
    operation: {
      query: 'mutation($e: String!) { login(email: $e, password: "x") { accessToken } }',
      variables: { e: 'a\u0000@b.test' },
    },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a NUL byte inside a list of languages',
    operation: { query: PROFILE, variables: { i: { languages: [{ code: 'e\u0000n', level: 'C1' }] } } },
    codes: ['BAD_USER_INPUT'],
  },
  // -- malformed ids
  {
    name: 'a malformed organisation id',
    operation: { query: '{ organisation(id: "zzz") { id } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a malformed role profile id',
    operation: { query: '{ roleProfile(id: "1; DROP TABLE users") { id } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a malformed users(organisationId)',
    as: 'admin',
    operation: { query: '{ users(organisationId: "../../etc") { id } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'an integer id literal',
    operation: { query: '{ opportunity(id: 42) { id } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'an empty id',
    operation: { query: OPPORTUNITY, variables: { id: '' } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a uuid with a trailing newline',
    operation: { query: OPPORTUNITY, variables: { id: `${uuid()}\n` } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a bad id inside an id list',
    operation: {
      query: 'mutation($r: [ID!]!) { setTargetRoles(roleIds: $r) { id } }',
      variables: { r: [uuid(), 'nope'] },
    },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a bad id inside an input object',
    operation: {
      query: APPLY,
      variables: { i: { opportunityId: 'x', motivation: 'Why this placement matters' } },
    },
    codes: ['BAD_USER_INPUT'],
  },
  // -- huge values
  {
    name: 'a 90 kB headline',
    operation: { query: PROFILE, variables: { i: { headline: 'h'.repeat(90_000) } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a 90 kB search',
    operation: { query: SEARCH, variables: { s: 's'.repeat(90_000) } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'an Int literal over 32 bits',
    operation: { query: '{ notifications(first: 99999999999999999999) { id } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a Float literal beyond double',
    operation: {
      query: `mutation { createOpportunity(input: { kind: INTERNSHIP, title: "t", description: "d", startsOn: "2030-01-01", endsOn: "2030-02-01", capacity: 1, applicationDeadline: "2029-12-01T00:00:00Z", details: { weeks: 4, credits: 1 }, requirements: [{ competenceId: "${uuid()}", minLevel: 2, weight: 1e999 }] }) { id } }`,
    },
    codes: ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN'],
  },
  {
    name: 'a DateTime that is no date',
    operation: {
      query:
        'mutation($d: DateTime!) { offerApplication(id: "00000000-0000-4000-8000-000000000000", responseDeadline: $d) { id } }',
      variables: { d: '2024-13-45T99:00:00Z' },
    },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a DateTime of the year 275761',
    operation: {
      query:
        'mutation($d: DateTime!) { offerApplication(id: "00000000-0000-4000-8000-000000000000", responseDeadline: $d) { id } }',
      variables: { d: '+275761-01-01T00:00:00Z' },
    },
    codes: ['BAD_USER_INPUT', 'NOT_FOUND'],
  },
  {
    name: 'a cursor that is no cursor',
    operation: { query: '{ opportunities(after: "!!!") { edges { cursor } } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a cursor of another list',
    operation: {
      query: `{ opportunities(after: "${Buffer.from(JSON.stringify(['profiles', 'x'])).toString('base64url')}") { edges { cursor } } }`,
    },
    codes: ['BAD_USER_INPUT'],
  },
  // -- enums
  {
    name: 'an unknown enum literal',
    operation: { query: '{ rounds(status: BOGUS) { id } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unknown enum variable',
    operation: { query: ROUNDS, variables: { s: 'BOGUS' } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'an enum as a string literal',
    operation: { query: '{ rounds(status: "OPEN") { id } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a lower-case enum variable',
    operation: { query: ROUNDS, variables: { s: 'open' } },
    codes: ['BAD_USER_INPUT'],
  },
  // -- document shape
  { name: 'a syntax error', operation: { query: '{ me { id ' }, codes: ['GRAPHQL_PARSE_FAILED'] },
  { name: 'an empty document', operation: { query: '   ' }, codes: ['BAD_REQUEST', 'GRAPHQL_PARSE_FAILED'] },
  {
    name: 'an unknown field',
    operation: { query: '{ organisatoins { id } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a self-spreading fragment',
    operation: { query: '{ me { ...A } } fragment A on User { id ...A }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a fragment cycle of three',
    operation: {
      query:
        '{ me { ...A } } fragment A on User { ...B } fragment B on User { ...C } fragment C on User { id ...A }',
    },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a fragment cycle through a relation',
    operation: {
      query:
        '{ me { ...A } } fragment A on User { organisation { ...B } } fragment B on Organisation { departments { id } ...C } fragment C on Organisation { ...B }',
    },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unknown fragment',
    operation: { query: '{ me { ...Nope } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a fragment on a wrong type',
    operation: { query: '{ me { ...A } } fragment A on Organisation { id }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a query nine levels deep',
    operation: {
      query:
        '{ opportunities { edges { node { coSupervision { opportunity { coSupervision { opportunity { coSupervision { opportunity { id } } } } } } } } } }',
    },
    codes: ['QUERY_TOO_DEEP'],
  },
  {
    name: 'a fragment fan-out (each fragment spread twice)',
    operation: {
      query: `{ me { ...F0 } } ${Array.from({ length: 24 }, (_, i) => (i < 23 ? `fragment F${i} on User { id ...F${i + 1} ... on User { ...F${i + 1} } }` : `fragment F${i} on User { organisation { id } }`)).join(' ')}`,
    },
    codes: ['OK', 'QUERY_TOO_COMPLEX'],
  },
  {
    name: 'a directive flood on one field',
    operation: { query: `{ me { id ${'@include(if: true) '.repeat(60)}} }` },
    codes: ['TOO_MANY_DIRECTIVES', 'GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a directive flood over fields',
    operation: { query: `{ me { ${'id @skip(if: false) '.repeat(60)}} }` },
    codes: ['TOO_MANY_DIRECTIVES'],
  },
  {
    name: 'unknown directives',
    operation: { query: `{ me { id ${Array.from({ length: 20 }, (_, i) => `@d${i}`).join(' ')} } }` },
    codes: ['GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_DIRECTIVES'],
  },
  {
    name: 'a token flood',
    operation: { query: `{ me { ${'id '.repeat(5000)}} }` },
    codes: ['TOO_MANY_TOKENS'],
  },
  {
    name: 'a comment flood',
    operation: { query: `{ me { id } } ${'#c\n'.repeat(20000)}` },
    codes: ['OK', 'TOO_MANY_TOKENS'],
  },
  { name: 'an alias flood', operation: { query: aliases(40, 'me { id }') }, codes: ['TOO_MANY_ALIASES'] },
  {
    name: 'a __typename alias flood',
    operation: { query: aliases(200, '__typename') },
    codes: ['TOO_MANY_ALIASES'],
  },
  {
    name: 'a deeply nested list literal',
    operation: { query: `{ competences(search: ${'['.repeat(900)}"x"${']'.repeat(900)}) { id } }` },
    codes: ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
  },
  {
    name: 'a deeply nested list variable',
    operation: {
      query: 'mutation($r: [ID!]!) { setTargetRoles(roleIds: $r) { id } }',
      variables: { r: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) },
    },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a long alias name',
    operation: { query: `{ ${'a'.repeat(5000)}: me { id } }` },
    codes: ['OK', 'TOO_MANY_ALIASES'],
  },
  {
    name: 'two anonymous operations',
    operation: { query: '{ me { id } } { me { id } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unknown operationName',
    operation: { query: 'query A { me { id } }', operationName: 'B' },
    codes: ['OPERATION_RESOLUTION_FAILURE'],
  },
  {
    name: 'several operations and no operationName',
    operation: { query: 'query A { me { id } } query B { me { id } }' },
    codes: ['OPERATION_RESOLUTION_FAILURE'],
  },
  {
    name: 'an expensive page asked many times',
    operation: {
      query: aliases(15, 'findableProfiles(first: 100) { edges { node { competences { level } } } }'),
    },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  // -- who
  {
    name: 'no token for a private query',
    as: 'nobody',
    operation: { query: '{ me { id } }' },
    codes: ['UNAUTHENTICATED'],
  },
  {
    name: 'a candidate creating an organisation',
    operation: { query: 'mutation { createOrganisation(input: { code: "EVIL", name: "Evil" }) { id } }' },
    codes: ['FORBIDDEN'],
  },
  {
    name: 'a missing record',
    operation: { query: OPPORTUNITY, variables: { id: uuid() } },
    codes: ['NOT_FOUND'],
  },
];

const json = { 'content-type': 'application/json' };
const RAW_CASES: RawCase[] = [
  { name: 'malformed JSON', headers: json, body: '{"query": ', codes: ['BAD_REQUEST'], status: 400 },
  {
    name: 'JSON with a trailing comma',
    headers: json,
    body: '{"query": "{ me { id } }",}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'JSON with single quotes',
    headers: json,
    body: "{'query': '{ me { id } }'}",
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  { name: 'a JSON string body', headers: json, body: '"{ me { id } }"', codes: ['BAD_REQUEST'], status: 400 },
  { name: 'a JSON null body', headers: json, body: 'null', codes: ['BAD_REQUEST'], status: 400 },
  {
    name: 'JSON nested 20,000 deep',
    headers: json,
    body: `{"query": "query($x: [ID]) { myTargetRoles { id } }", "variables": {"x": ${'['.repeat(20000)}${']'.repeat(20000)}}}`,
    codes: ['BAD_REQUEST', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a body over the limit',
    headers: json,
    body: JSON.stringify({ query: '{ me { id } }', variables: { x: 'x'.repeat(200_000) } }),
    codes: ['BAD_REQUEST'],
    status: 413,
  },
  {
    name: 'an unknown charset',
    headers: { 'content-type': 'application/json; charset=bogus' },
    body: '{"query":"{ me { id } }"}',
    codes: ['BAD_REQUEST'],
    status: 415,
  },
  {
    name: 'a gzip body that is not gzip',
    headers: { ...json, 'content-encoding': 'gzip' },
    body: 'plain',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'an unknown content encoding',
    headers: { ...json, 'content-encoding': 'zstd-evil' },
    body: '{"query":"{ me { id } }"}',
    codes: ['BAD_REQUEST'],
    status: 415,
  },
  {
    name: 'invalid UTF-8 in a string',
    headers: json,
    body: Buffer.concat([
      Buffer.from('{"query":"{ competences(search: \\"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\\") { id } }"}'),
    ]),
    codes: ['OK'],
  },
  {
    name: 'a lone surrogate in a variable',
    headers: json,
    body: '{"query":"query($s: String) { competences(search: $s) { id } }","variables":{"s":"\\ud800x"}}',
    codes: ['OK', 'BAD_USER_INPUT'],
  },
  {
    name: 'text/plain (CSRF)',
    headers: { 'content-type': 'text/plain' },
    body: '{"query":"{ me { id } }"}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a form post (CSRF)',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'query=%7B+me+%7B+id+%7D+%7D',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'no content type (CSRF)',
    headers: {},
    body: '{"query":"{ me { id } }"}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'application/graphql',
    headers: { 'content-type': 'application/graphql' },
    body: '{ me { id } }',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'XML',
    headers: { 'content-type': 'application/xml' },
    body: '<query>{ me { id } }</query>',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  { name: 'an empty batch', headers: json, body: '[]', codes: ['BAD_REQUEST'], status: 400 },
  {
    name: 'a batch of 100',
    headers: json,
    body: JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ me { id } }' }))),
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a query that is a number',
    headers: json,
    body: '{"query": 5}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'variables that are a string',
    headers: json,
    body: '{"query": "{ me { id } }", "variables": "{}"}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'variables that are a list',
    headers: json,
    body: '{"query": "{ me { id } }", "variables": [1]}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'an operationName that is a number',
    headers: json,
    body: '{"query": "{ me { id } }", "operationName": 7}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'extensions that are a string',
    headers: json,
    body: '{"query": "{ me { id } }", "extensions": "x"}',
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'an unknown persisted query',
    headers: json,
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    codes: ['PERSISTED_QUERY_NOT_FOUND'],
  },
  {
    name: 'a persisted query of version 2',
    headers: json,
    body: JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }),
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a persisted query whose hash does not match',
    headers: json,
    body: JSON.stringify({
      query: '{ me { id } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
    }),
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a persisted query that is not an object',
    headers: json,
    body: JSON.stringify({ query: '{ me { id } }', extensions: { persistedQuery: 'x' } }),
    codes: ['BAD_REQUEST', 'OK'],
  },
  {
    name: 'a persisted query with a numeric hash',
    headers: json,
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 12 } } }),
    codes: ['PERSISTED_QUERY_NOT_FOUND', 'BAD_REQUEST'],
  },
  {
    name: 'a subscription over HTTP',
    headers: json,
    body: JSON.stringify({ query: 'subscription { notificationAdded { id } }' }),
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a GET with a mutation',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    path: `/graphql?query=${encodeURIComponent('mutation { markAllNotificationsRead }')}`,
    codes: ['BAD_REQUEST'],
    status: 405,
  },
  {
    name: 'a GET without a query',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    path: '/graphql',
    codes: ['BAD_REQUEST', 'OK'],
  },
  {
    name: 'a GET with variables that are not JSON',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    path: `/graphql?query=${encodeURIComponent('{ me { id } }')}&variables=%7Bnope`,
    codes: ['BAD_REQUEST'],
    status: 400,
  },
  {
    name: 'a garbage bearer token',
    headers: { ...json, authorization: 'Bearer not.a.jwt' },
    body: '{"query":"{ me { id } }"}',
    codes: ['UNAUTHENTICATED'],
  },
  {
    name: 'a 8 kB bearer token',
    headers: { ...json, authorization: `Bearer ${'x'.repeat(8000)}` },
    body: '{"query":"{ me { id } }"}',
    codes: ['UNAUTHENTICATED'],
  },
  {
    name: 'a Basic authorization',
    headers: { ...json, authorization: 'Basic YTpi' },
    body: '{"query":"{ me { id } }"}',
    codes: ['UNAUTHENTICATED'],
  },
];

// ---- the schema's ID and String arguments, each sent garbage ----------------------------------

/** A value graphql-js accepts for `type`: required fields only, the first enum value, a fresh UUID. */
function validValue(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [validValue(nullable.ofType)];
  if (isInputObjectType(nullable)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        out[field.name] = validValue(field.type);
    }
    return out;
  }
  if (isEnumType(nullable)) return nullable.getValues()[0].name;
  if (!isScalarType(nullable)) return null;
  switch (nullable.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
    default:
      return 'x';
  }
}

/** validValue(type) with `hostile` at `path` (input field names; lists hold one item). */
function valueWith(type: GraphQLInputType, path: string[], hostile: unknown): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [valueWith(nullable.ofType, path, hostile)];
  if (path.length === 0) return hostile;
  if (!isInputObjectType(nullable)) return hostile;
  const out = validValue(nullable) as Record<string, unknown>;
  const field = nullable.getFields()[path[0]];
  out[field.name] = valueWith(field.type, path.slice(1), hostile);
  return out;
}

/** Paths to every ID or String input under `type` (input objects followed two levels down). */
function leafPaths(type: GraphQLInputType, scalar: 'ID' | 'String', depth = 0): string[][] {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === scalar ? [[]] : [];
  if (!isInputObjectType(named) || depth > 2) return [];
  return Object.values(named.getFields()).flatMap((f) =>
    leafPaths(f.type, scalar, depth + 1).map((p) => [f.name, ...p]),
  );
}

/** Every argument of every root field holding an ID (or String), as an operation sending garbage there. */
function garbageCases(schema: GraphQLSchema, scalar: 'ID' | 'String', garbage: string): OperationCase[] {
  const roots: [string, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const cases: OperationCase[] = [];
  for (const [kind, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      for (const arg of field.args) {
        for (const path of leafPaths(arg.type, scalar)) {
          cases.push(garbageCase(kind, field, arg, path, garbage));
        }
      }
    }
  }
  return cases;
}

function garbageCase(
  kind: string,
  field: GraphQLField<unknown, unknown>,
  target: GraphQLArgument,
  path: string[],
  garbage: string,
): OperationCase {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const args: string[] = [];
  for (const arg of field.args) {
    if (arg !== target && (!isNonNullType(arg.type) || arg.defaultValue !== undefined)) continue;
    variables[arg.name] = arg === target ? valueWith(arg.type, path, garbage) : validValue(arg.type);
    defs.push(`$${arg.name}: ${String(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const where = [target.name, ...path].join('.');
  return {
    name: `${field.name}(${where})`,
    operation: {
      query: `${kind}(${defs.join(', ')}) { ${field.name}(${args.join(', ')})${selection} }`,
      variables,
    },
    as: 'admin',
    codes: ['BAD_USER_INPUT'],
    // Over HTTP a subscription is refused as such, whatever its arguments.
    ws: kind === 'subscription' ? true : undefined,
    http: kind !== 'subscription',
  };
}

// ---- the run --------------------------------------------------------------------------------

interface Answer {
  status?: number;
  body: string;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
  data?: unknown;
  closed?: { code: number; reason: string };
  ms: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function expectSafe(answer: Answer, codes: string[]): void {
  expect(answer.ms).toBeLessThan(WITHIN_MS);
  expect(answer.body).not.toMatch(STACK);
  expect(answer.body).not.toMatch(SQL);
  expect(answer.body).not.toContain('INTERNAL_SERVER_ERROR');
  if (answer.closed) {
    // graphql-ws closes only for protocol errors, with a 44xx code; never 4500 (internal error).
    expect(answer.closed.code).toBeGreaterThanOrEqual(4400);
    expect(answer.closed.code).toBeLessThan(4500);
    return;
  }
  if (answer.status !== undefined) {
    expect(answer.status < 500).toBe(true);
    if (answer.status >= 200 && answer.status < 300 && !codes.includes('OK'))
      expect(answer.errors?.length).toBeGreaterThan(0);
  }
  const errors = answer.errors ?? [];
  for (const error of errors) expect(STABLE).toContain(error.extensions?.code);
  expect(codes).toContain(errors[0]?.extensions?.code ?? 'OK');
}

describe('hostile corpus: every malformed request gets a clear answer with a stable code', () => {
  let t: TestApp;
  let wsUrl: string;
  let httpUrl: string;
  const tokens: Record<As, string> = { candidate: '', admin: '', nobody: '' };
  const sockets: Partial<Record<As, Client>> = {};
  let idCases: OperationCase[] = [];
  let nulCases: OperationCase[] = [];

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    httpUrl = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}/graphql`;
    tokens.candidate = await t.login('candidate@leiden.test');
    tokens.admin = await t.login('admin@talent-exchange.test');
    sockets.candidate = wsClient(wsUrl, tokens.candidate);
    sockets.admin = wsClient(wsUrl, tokens.admin);
    const { schema } = t.app.get(GraphQLSchemaHost);
    idCases = garbageCases(schema, 'ID', 'not-a-uuid');
    nulCases = garbageCases(schema, 'String', 'nul\u0000here');
  });
  afterAll(async () => {
    await Promise.all(Object.values(sockets).map((c) => c?.dispose()));
    await t.close();
  });

  async function overHttp(operation: Operation, as: As): Promise<Answer> {
    const started = Date.now();
    let req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (tokens[as]) req = req.set('authorization', `Bearer ${tokens[as]}`);
    const res = await req.send(JSON.stringify(operation));
    return {
      status: res.status,
      body: res.text,
      errors: res.body?.errors,
      data: res.body?.data,
      ms: Date.now() - started,
    };
  }

  async function overWs(operation: Operation, as: As): Promise<Answer> {
    const started = Date.now();
    const client = sockets[as === 'nobody' ? 'candidate' : as]!;
    const answer = await new Promise<Omit<Answer, 'ms'>>((resolve) => {
      const timer = setTimeout(() => resolve({ body: 'no answer' }), WITHIN_MS + 1000);
      const dispose = client.subscribe(operation, {
        next: (value) => {
          clearTimeout(timer);
          dispose();
          resolve({
            body: JSON.stringify(value),
            errors: value.errors as Answer['errors'],
            data: value.data,
          });
        },
        error: (err: unknown) => {
          clearTimeout(timer);
          if (Array.isArray(err)) resolve({ body: JSON.stringify(err), errors: err });
          else {
            const { code, reason } = err as { code: number; reason: string };
            resolve({ body: String(reason), closed: { code, reason } });
          }
        },
        complete: () => {
          clearTimeout(timer);
          resolve({ body: '' });
        },
      });
    });
    return { ...answer, ms: Date.now() - started };
  }

  describe('operations over HTTP', () => {
    it.each(OPERATION_CASES)('$name', async ({ operation, as = 'candidate', codes }) => {
      expectSafe(await overHttp(operation, as), codes);
    });
  });

  describe('operations over graphql-ws', () => {
    it.each(OPERATION_CASES.filter((c) => c.ws !== false && c.as !== 'nobody'))(
      '$name',
      async ({ operation, as = 'candidate', codes }) => {
        expectSafe(await overWs(operation, as), codes);
      },
    );
  });

  describe('requests refused before GraphQL reads them', () => {
    it.each(RAW_CASES)(
      '$name',
      async ({ method = 'POST', headers = {}, body, path = '/graphql', codes, status }) => {
        // fetch, not supertest: the bytes go out exactly as given (no JSON encoding of a Buffer).
        const started = Date.now();
        const res = await fetch(`${httpUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${tokens.candidate}`, ...headers },
          body,
        });
        const text = await res.text();
        const parsed = parseJson(text) as { errors?: Answer['errors'] } | null;
        const answer: Answer = {
          status: res.status,
          body: text,
          errors: parsed?.errors,
          ms: Date.now() - started,
        };
        if (status) expect(res.status).toBe(status);
        expect(answer.errors ?? codes.includes('OK')).toBeTruthy();
        expectSafe(answer, codes);
      },
    );
  });

  it('refuses a malformed id on every ID argument of the schema, naming it, over HTTP and graphql-ws', async () => {
    expect(idCases.length).toBeGreaterThan(60);
    for (const c of idCases) {
      const answers = [await overWs(c.operation, 'admin')];
      if (c.http !== false) answers.push(await overHttp(c.operation, 'admin'));
      for (const answer of answers) {
        expectSafe(answer, c.codes);
        const fields = answer.errors?.[0].extensions?.fields as { field: string }[] | undefined;
        expect({ case: c.name, fields: fields?.map((f) => f.field) }).toEqual({
          case: c.name,
          fields: [
            expect.stringContaining(
              c.name
                .slice(c.name.indexOf('(') + 1, -1)
                .split('.')
                .pop()!,
            ),
          ],
        });
      }
    }
  });

  it('refuses a NUL character in every String argument of the schema, over HTTP and graphql-ws', async () => {
    expect(nulCases.length).toBeGreaterThan(40);
    for (const c of nulCases) {
      const answers = [await overWs(c.operation, 'admin')];
      if (c.http !== false) answers.push(await overHttp(c.operation, 'admin'));
      for (const answer of answers) {
        expectSafe(answer, c.codes);
        expect({ case: c.name, reason: answer.errors?.[0].extensions?.reason }).toEqual({
          case: c.name,
          reason: 'NUL_CHARACTER',
        });
      }
    }
  });

  it.each([
    ['/talent-profile/not-a-uuid', 400, 'BAD_USER_INPUT'],
    ['/talent-profile/not-a-uuid?format=json', 400, 'BAD_USER_INPUT'],
    ['/analytics/competence-coverage.csv?organisationId=not-a-uuid', 400, 'BAD_USER_INPUT'],
    ['/analytics/placement-flows.csv?from=not-a-date', 400, 'BAD_USER_INPUT'],
    ['/shared/talent-profile/%00', 404, 'NOT_FOUND'],
  ])('plain HTTP route %s answers %i %s in the same terms', async (path, status, code) => {
    const res = await fetch(`${httpUrl}${path}`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    const text = await res.text();
    expect(res.status).toBe(status);
    expect((parseJson(text) as { error: { code: string } }).error.code).toBe(code);
    expect(text).not.toMatch(STACK);
    expect(text).not.toMatch(SQL);
  });

  it.each([
    ['malformed JSON', '{"email": ', 400, 'MALFORMED_JSON'],
    ['a body over the limit', JSON.stringify({ email: 'x'.repeat(200_000) }), 413, 'BODY_TOO_LARGE'],
  ])(
    'plain HTTP route POST /auth/sign-in with %s answers BAD_REQUEST in its own shape',
    async (_n, body, status, reason) => {
      const res = await fetch(`${httpUrl}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      expect(res.status).toBe(status);
      expect(parseJson(text)).toEqual({
        error: { code: 'BAD_REQUEST', reason, message: expect.any(String) },
      });
    },
  );

  it('logs a refused body at warn, with its reason and without a stack, and nothing at error', async () => {
    const warn = jest.spyOn(PinoLogger.prototype, 'warn');
    const error = jest.spyOn(PinoLogger.prototype, 'error');
    try {
      for (const body of ['{"query": ', JSON.stringify({ query: '{ me { id } }', x: 'x'.repeat(200_000) })]) {
        await fetch(`${httpUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      }
      const logged = warn.mock.calls.map(([fields]) => fields as Record<string, unknown>);
      expect(logged).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ status: 400, reason: 'MALFORMED_JSON' }),
          expect.objectContaining({ status: 413, reason: 'BODY_TOO_LARGE' }),
        ]),
      );
      for (const fields of logged) {
        expect(JSON.stringify(fields)).not.toMatch(STACK);
        expect(fields).not.toHaveProperty('err');
      }
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  describe('graphql-ws protocol abuse', () => {
    async function raw(
      messages: string[],
      init = true,
    ): Promise<{ code: number; reason: string; received: string[] }> {
      const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
      const received: string[] = [];
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.close();
          resolve({ code: 0, reason: 'open', received });
        }, 1500);
        socket.on('error', reject);
        socket.on('message', (data) => {
          received.push(String(data));
          if (String(data).includes('connection_ack')) for (const m of messages) socket.send(m);
        });
        socket.on('close', (code, reason) => {
          clearTimeout(timer);
          resolve({ code, reason: String(reason), received });
        });
        socket.on('open', () => {
          if (init)
            socket.send(
              JSON.stringify({
                type: 'connection_init',
                payload: { authorization: `Bearer ${tokens.candidate}` },
              }),
            );
          else for (const m of messages) socket.send(m);
        });
      });
    }

    it.each([
      ['a message that is not JSON', ['{nope'], true],
      ['an unknown message type', [JSON.stringify({ type: 'explode' })], true],
      [
        'a subscribe whose query is a number',
        [JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 5 } })],
        true,
      ],
      [
        'a subscribe before connection_init',
        [JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { id } }' } })],
        false,
      ],
      [
        'a subscribe with variables that are a string',
        [JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ me { id } }', variables: 'x' } })],
        true,
      ],
    ] as [string, string[], boolean][])(
      '%s: closed with a 44xx code, no internal text',
      async (_name, messages, init) => {
        const { code, reason, received } = await raw(messages, init);
        const everything = `${reason} ${received.join(' ')}`;
        expect(everything).not.toMatch(STACK);
        expect(everything).not.toContain('INTERNAL_SERVER_ERROR');
        if (code === 0) {
          // Still open: the operation was answered with an error message instead.
          expect(received.some((m) => m.includes('"type":"error"'))).toBe(true);
        } else {
          expect(code).toBeGreaterThanOrEqual(4400);
          expect(code).toBeLessThan(4500);
        }
      },
    );
  });
});
