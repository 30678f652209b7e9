/**
 * Access is decided in src/access only. Outside it no code may test the HR or ADMIN role, or compare
 * the viewer's organisation, by hand: it asks the access policy. Declarative role lists for the guard
 * (`@Roles(...)` and the `*_ROLES` constants resolvers pass to it), seeds and the CLI are exempt.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');
const EXEMPT_DIRS = ['access', 'database/seeds', 'cli', 'core'].map((d) => path.join(SRC, d));

const RULES: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /hasRole\([^)]*UserRole\.(HR|ADMIN)\b/, what: 'tests the HR or ADMIN role' },
  { pattern: /roles\.includes\(UserRole\.(HR|ADMIN)\)/, what: 'tests the HR or ADMIN role' },
  {
    pattern: /\b(viewer|user)\.organisationId\s*[!=]==|[!=]==\s*(viewer|user)\.organisationId\b/,
    what: 'compares the viewer’s organisation',
  },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return EXEMPT_DIRS.includes(full) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

export function findHandWrittenAccess(fileName: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      RULES.filter((r) => r.pattern.test(line)).map((r) => `${fileName}:${i + 1} ${r.what}: ${line.trim()}`),
    );
}

describe('one owner for access rules', () => {
  it('finds a hand-written rule (the check itself can fail)', () => {
    const sample = [
      'if (hasRole(viewer, UserRole.ADMIN)) return;',
      'return hasRole(viewer, UserRole.HR) && viewer.organisationId === round.organisationId;',
    ].join('\n');
    expect(findHandWrittenAccess('sample.ts', sample)).toHaveLength(3);
  });

  it('has no access decision outside src/access', () => {
    const findings = sourceFiles(SRC).flatMap((file) =>
      findHandWrittenAccess(path.relative(SRC, file), fs.readFileSync(file, 'utf8')),
    );
    expect(findings).toEqual([]);
  });
});
