/**
 * Every reader of `applications` chooses how it reads a status (docs/design/closed-choices.md): a
 * round's closures make applications REJECTED without moving their rows, so a statement that reads
 * the table either goes through the effective status (the view `application_states`, or the
 * fragments `closedBySql` / `effectiveStatusSql` of src/applications/application-states.ts) or is
 * listed below with the reason it reads the same rows under both models. A new reader fails this
 * test until it chooses. Migrations and the demo seed are exempt (schema and setup data).
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');
const EXEMPT_DIRS = ['database/migrations', 'database/seeds'].map((d) => path.join(SRC, d));

/** A read of the table: SQL naming it, or its TypeORM entity's repository. */
const READ = /\b(FROM|JOIN)\s+"?applications"?(\s|$|`)|getRepository\(ApplicationEntity\)/;
/** What makes a read see the effective status. */
const EFFECTIVE = /closedBySql\(|effectiveStatusSql\(|application_states|ApplicationStateEntity/;

/** `file:function` of each reader that reads the table as stored, and why that is right. */
const AS_STORED: Record<string, string> = {
  'analytics/analytics.repository.ts:flowCounts':
    'COMPLETED placements only (a closure closes SUBMITTED or SHORTLISTED)',
  'applications/application-context.repository.ts:supervisionLoads': 'OFFERED and ACCEPTED only',
  'applications/applications.erasure.ts:anonymise': 'every application of the person, whatever its status',
  'applications/applications.erasure.ts:ongoingPlacements': 'ACCEPTED only',
  'applications/applications.repository.ts:countInStatus': 'called with OFFERED only (moveSeats)',
  'applications/applications.repository.ts:insert': 'writes a new row (never closed)',
  'applications/applications.repository.ts:lockDueOffers': 'OFFERED only',
  'applications/applications.repository.ts:overlappingPlacements': 'ACCEPTED and COMPLETED only',
  'applications/applications.repository.ts:seatHolders': 'OFFERED only',
  'opportunities/opportunities.repository.ts:personalReach': 'any application, whatever its status',
  'opportunities/opportunities.repository.ts:visibilityConditions': 'any application, whatever its status',
  'privacy-rights/export-sources.ts:EXPORT_SOURCES':
    'the steps taken (application_transitions joined to their application), no status read',
  'profiles/profiles.repository.ts:supervisesApplicant':
    'leaves out WITHDRAWN only: a closed application counts as before',
  'roles/roles.repository.ts:findDevelopingOpportunities':
    'leaves out WITHDRAWN only: a closed application counts as before',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return EXEMPT_DIRS.includes(full) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The function or method a line is in: the nearest declaration above it. */
function enclosingFunction(lines: readonly string[], at: number): string {
  for (let i = at; i >= 0; i--) {
    const m =
      /^\s{2}(?:(?:private|public|protected|static|readonly)\s+)*(?:async\s+)?(?:get\s+)?(\w+)\s*(?:<[^>]*>)?\(/.exec(
        lines[i],
      ) ??
      /^(?:export\s+)?(?:async\s+)?function\s+(\w+)/.exec(lines[i]) ??
      /^(?:export\s+)?const\s+(\w+)\s*[:=]/.exec(lines[i]);
    if (m && !['if', 'for', 'while', 'switch', 'return', 'catch'].includes(m[1])) return m[1];
  }
  return '(top level)';
}

/**
 * The statement a read at `offset` belongs to: the template literal around it (between the nearest
 * backticks), or for a TypeORM repository read the code up to the end of its statement (`;`).
 */
function statementAt(text: string, offset: number): string {
  if (text.startsWith('getRepository(', offset)) {
    const end = text.indexOf(';', offset);
    return text.slice(text.lastIndexOf('\n', offset) + 1, end < 0 ? text.length : end + 1);
  }
  return text.slice(text.lastIndexOf('`', offset), text.indexOf('`', offset) + 1);
}

/** `file:function` of the reads of `applications` in `text` that do not read the effective status. */
export function storedReads(fileName: string, text: string): string[] {
  const lines = text.split('\n');
  const found = new Set<string>();
  let offset = 0;
  lines.forEach((line, i) => {
    const m = READ.exec(line);
    if (m && !EFFECTIVE.test(statementAt(text, offset + m.index))) {
      found.add(`${fileName}:${enclosingFunction(lines, i)}`);
    }
    offset += line.length + 1;
  });
  return [...found];
}

function storedReadsInSrc(): string[] {
  return sourceFiles(SRC).flatMap((file) =>
    storedReads(path.relative(SRC, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')),
  );
}

describe('every reader of applications chooses how it reads a status', () => {
  it('finds a stored read and accepts an effective one (the check itself can fail)', () => {
    const sample = [
      'export class R {',
      '  async waiting(em: EntityManager) {',
      "    return em.query(`SELECT id FROM applications WHERE status = 'SUBMITTED'`);",
      '  }',
      '  async live(em: EntityManager) {',
      '    return em.query(`SELECT id FROM applications a',
      "      WHERE a.status = 'SUBMITTED' AND NOT ${closedBySql('a')}`);",
      '  }',
      '  find(id: string) {',
      '    return this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });',
      '  }',
      '}',
    ].join('\n');
    expect(storedReads('sample.ts', sample)).toEqual(['sample.ts:waiting', 'sample.ts:find']);
  });

  it('lists every stored read with its reason, and nothing else', () => {
    const found = storedReadsInSrc().sort();
    expect(found).toEqual(Object.keys(AS_STORED).sort());
  });
});
