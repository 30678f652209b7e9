/**
 * One owner for application statuses: only src/applications writes `applications` and
 * `application_transitions`, and only it announces a status change (the notifications the workflow
 * core's effects ask for, the `applicationStatusChanged` event). Other features change statuses
 * through ApplicationTransitions (applyMany, or recordDecided for a round's set-based decisions)
 * inside their own transaction. Migrations and the demo seed are
 * exempt (schema and setup data).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');
const EXEMPT_DIRS = ['applications', 'database/migrations', 'database/seeds'].map((d) => path.join(SRC, d));

/**
 * Writers not moved yet, each with what replaces it. A file leaves this list when it stops writing
 * (the last test fails while it is listed but clean).
 */
const NOT_YET_MOVED: Record<string, string> = {};

const RULES: readonly { pattern: RegExp; what: string }[] = [
  {
    pattern:
      /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?(applications|application_transitions|application_transition_groups)\b/i,
    what: 'writes the table in SQL',
  },
  {
    pattern:
      /getRepository\((ApplicationEntity|ApplicationTransitionEntity)\)\s*\.(save|insert|update|delete|remove|upsert|softDelete)\(/,
    what: 'writes the entity through TypeORM',
  },
  {
    pattern: /\.(update|into|from)\((ApplicationEntity|ApplicationTransitionEntity)\b/,
    what: 'writes the entity with a query builder',
  },
  { pattern: /\.applicationStatusChanged(From)?\(/, what: 'announces a status change itself' },
  {
    pattern: /from '[./]*\/?applications\/application-notifications'/,
    what: 'writes an application notification itself',
  },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return EXEMPT_DIRS.includes(full) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

export function findStatusWrites(fileName: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      RULES.filter((r) => r.pattern.test(line)).map((r) => `${fileName}:${i + 1} ${r.what}: ${line.trim()}`),
    );
}

function writersOutsideApplications(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const name = path.relative(SRC, file);
    const findings = findStatusWrites(name, fs.readFileSync(file, 'utf8'));
    if (findings.length > 0) found.set(name, findings);
  }
  return found;
}

describe('one owner for application statuses', () => {
  it('finds a write (the check itself can fail)', () => {
    const sample = [
      "await em.query('UPDATE applications SET status = $1 WHERE id = $2', [s, id]);",
      '`INSERT INTO application_transitions (application_id) VALUES ($1)`',
      'await em.getRepository(ApplicationEntity).update({ id }, { status });',
      'em.createQueryBuilder().update(ApplicationEntity).set({ status }).execute();',
      "SELECT id FROM applications WHERE status = 'OFFERED'",
      'await this.publisher.applicationStatusChanged(em, events);',
      "import { notificationText } from '../applications/application-notifications';",
    ].join('\n');
    expect(findStatusWrites('sample.ts', sample)).toHaveLength(6);
  });

  it('has no writes or announcements of application statuses outside src/applications', () => {
    const unexpected = [...writersOutsideApplications()]
      .filter(([file]) => !(file in NOT_YET_MOVED))
      .flatMap(([, findings]) => findings);
    expect(unexpected).toEqual([]);
  });

  it('lists only writers that still write', () => {
    const writers = writersOutsideApplications();
    expect(Object.keys(NOT_YET_MOVED).filter((file) => !writers.has(file))).toEqual([]);
  });
});
