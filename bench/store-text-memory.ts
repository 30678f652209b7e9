/**
 * What storing a national round's input text costs this process in memory: `storeRunInput` of a
 * synthetic text of N MB (ASCII JSON, as UTF-8 bytes, as the solver thread hands it over) for a
 * copy of a run of a `bench:round --keep` database, in a transaction rolled back. Prints the growth
 * of the process's peak RSS (maxRSS after minus before: the text itself is allocated before), the
 * process's and the backend's CPU time and the wall clock. One variant per process, so that each
 * starts from its own peak:
 *   npx ts-node --transpile-only bench/store-text-memory.ts store_base --mb 360
 * (the text goes by binary COPY in 1 MB slices since wave 12: until then as one parameter, or in
 * 64 MB parts into a temporary table).
 */
import { Client } from 'pg';
import { backendCpuOf } from './bench-support';
import { copyRowsIn } from '../src/common/database/copy-binary';
import { storeRunInput } from '../src/rounds/round-run-inputs';

async function main(): Promise<void> {
  const db = process.argv[2];
  const at = process.argv.indexOf('--mb');
  const mb = at > 0 ? Number(process.argv[at + 1]) : 360;
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await client.connect();
  const backendCpu = await backendCpuOf(client);
  const text = new Uint8Array(mb * 1024 * 1024);
  const unit = new TextEncoder().encode('{"candidate":"0b5e7a1c-3f2d-4e6a-9b8c-1d2e3f4a5b6c","rank":7},');
  for (let i = 0; i < text.length; i += unit.length) text.set(unit.subarray(0, text.length - i), i);
  text[0] = 0x5b; // '['
  const columns = (
    await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_name = 'round_runs' AND column_name NOT IN ('id', 'input_json', 'input', 'assignment', 'stats')`,
    )
  ).rows.map((r) => `"${r.name}"`);
  await client.query('BEGIN');
  const [copy] = (
    await client.query<{ id: string }>(
      `INSERT INTO round_runs (id, ${columns.join(', ')}) SELECT gen_random_uuid(), ${columns.join(', ')}
         FROM round_runs ORDER BY created_at DESC LIMIT 1 RETURNING id`,
    )
  ).rows;
  const none = { candidateIds: [], choices: [], own: [], listedBy: [], full: [], preAssigned: [] };
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const cpu0 = process.cpuUsage();
  const b0 = backendCpu();
  const t0 = process.hrtime.bigint();
  const statement = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const c0 = backendCpu();
    const r = await run();
    if (process.argv.includes('--statements'))
      console.log(`${(backendCpu() - c0).toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 80)}`);
    return r;
  };
  await storeRunInput(
    {
      query: (sql, params) => statement(sql, () => client.query(sql, params)),
      copyIn: (sql, chunks) => statement(sql, () => copyRowsIn(client, sql, chunks)),
    },
    copy.id,
    { json: text, candidates: none },
    null,
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const b = backendCpu() - b0;
  const cpu = process.cpuUsage(cpu0);
  const rssAfter = process.resourceUsage().maxRSS / 1024;
  const [stored] = (
    await client.query<{ bytes: number }>(
      `SELECT octet_length(input_json) AS bytes FROM round_run_inputs WHERE run_id = $1`,
      [copy.id],
    )
  ).rows;
  await client.query('ROLLBACK');
  await client.end();
  if (stored.bytes !== text.length) throw new Error(`stored ${stored.bytes} bytes of ${text.length}`);
  console.log(
    `${mb} MB text by binary COPY: peak RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB (+${(rssAfter - rssBefore).toFixed(0)}), ` +
      `process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, backend CPU ${b.toFixed(0)} ms, wall ${ms.toFixed(0)} ms`,
  );
}

void main();
