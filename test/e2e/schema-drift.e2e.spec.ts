import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TestApp } from '../utils/test-app';

const SCHEMA_FILE = path.resolve(__dirname, '../../schema.gql');
const HEADER =
  '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# ------------------------------------------------------\n\n';

describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the schema the code generates (run `npm run schema:update` after a change)', () => {
    const generated =
      // Exactly what `npm start` writes in development (no final newline), so neither rewrites the other.
      HEADER + printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema));
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});

describe('migrations and entities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('agree: on the migrated database the entities ask for no change (so migration:generate starts clean)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
