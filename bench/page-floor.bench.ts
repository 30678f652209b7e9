/**
 * npx ts-node --transpile-only bench/page-floor.bench.ts [--iterations N]
 *
 * The floor of the 25-row opportunities page on this stack, apart from HTTP and the database: the
 * CPU graphql-js needs to execute the page's document over the committed schema (schema.gql) with
 * its data already at hand as plain objects (default resolvers), and to turn the result into JSON
 * text as Apollo does. Beside it the same for `{ __typename }`. bench:api measures the whole
 * request; this is the part of it no change to the app's own code can remove (docs/performance.md).
 * With DATABASE_URL set, also the app-side CPU of one statement's round trip: 20,000 executions of
 * a named statement over a pool of 10 connections, 10 in flight (as bench:api's 10 connections).
 */
import { buildSchema, execute, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 5000;
const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema.gql'), 'utf8'));

// The bench:api page: 25 rows, 2.4 requirements per row on average as in its data (2 or 3).
const PAGE = parse(`{ opportunities(first: 25) { edges { node { id title
  hostOrganisation { name } leadSupervisor { displayName }
  requirements { minLevel essential competence { name } } } } } }`);
const TYPENAME = parse('{ __typename }');

const rows = Array.from({ length: 25 }, (_, i) => ({
  cursor: `c${i}`,
  node: {
    id: `0b7f5a3e-4f1c-4b8e-9d7a-${String(i).padStart(12, '0')}`,
    title: `Research internship ${i}: vaccine trial design and data analysis`,
    hostOrganisation: { name: 'Leiden University Medical Center' },
    leadSupervisor: { displayName: 'Dr. Anna de Vries' },
    requirements: Array.from({ length: i % 5 < 2 ? 3 : 2 }, (_, j) => ({
      minLevel: 1 + j,
      essential: j === 0,
      competence: { name: `Competence ${j}: statistics and data analysis` },
    })),
  },
}));
const rootValue = { opportunities: { edges: rows, pageInfo: { hasNextPage: true, endCursor: 'c24' } } };

function measure(document: typeof PAGE): { ms: number; bytes: number; fields: number } {
  let bytes = 0;
  const run = () => {
    const result = execute({ schema, document, rootValue });
    if ('then' in result || result.errors) throw new Error('unexpected result');
    bytes = JSON.stringify(result).length;
  };
  for (let i = 0; i < 2000; i++) run();
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) run();
  const used = process.cpuUsage(start);
  const text = JSON.stringify(execute({ schema, document, rootValue }));
  // Fields completed: each key of the answer (list items are no fields of their own).
  const fields = (text.match(/":/g) ?? []).length;
  return { ms: (used.user + used.system) / 1000 / iterations, bytes, fields };
}

const page = measure(PAGE);
const typename = measure(TYPENAME);
console.log(`Node ${process.version}, ${iterations} executions each (after 2,000), CPU ms per execution:`);
console.log(`  the page: ${page.ms.toFixed(3)} ms (${page.fields} fields, ${page.bytes} bytes of JSON)`);
console.log(`  { __typename }: ${typename.ms.toFixed(3)} ms`);

async function roundTrips(connectionString: string): Promise<void> {
  const pool = new Pool({ connectionString, max: 10 });
  const total = 20000;
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent++;
      await pool.query({ name: 'page_floor_round_trip', text: 'SELECT $1::int AS x', values: [1] });
    }
  };
  const run = () => Promise.all(Array.from({ length: 10 }, worker));
  await run();
  sent = 0;
  const start = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const used = process.cpuUsage(start);
  const seconds = (performance.now() - t0) / 1000;
  await pool.end();
  console.log(
    `  a statement's round trip: ${((used.user + used.system) / 1000 / total).toFixed(3)} ms of this process's CPU ` +
      `(${Math.round(total / seconds)} statements/s, 10 in flight)`,
  );
}

if (process.env.DATABASE_URL) void roundTrips(process.env.DATABASE_URL);
