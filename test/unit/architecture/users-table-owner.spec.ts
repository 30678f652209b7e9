/**
 * The users feature answers who holds a role in an organisation (the HR staff to notify), locks a
 * person's account row (to serialise one person's changes) and reads accounts by id (an account,
 * whether it holds a role, names and organisations of a set of ids): other features ask
 * UsersDirectory (`hrOf`, `lockAccount`, `findById`, `findByIds`, `hasRole`, `summariesOf`,
 * `organisationsOf`, `displayNamesOf`), never their own SQL or entity reads on the users table. Reports and pools that join the
 * users table into a larger set-based statement (analytics, the candidate pool, the export) are not
 * these lookups.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');

const LOOKUPS: { what: string; pattern: RegExp }[] = [
  {
    what: 'reads the HR staff of an organisation from the users table (UsersDirectory.hrOf)',
    pattern: /FROM\s+users\s+WHERE\s+organisation_id\s*=\s*\$\d+\s+AND\s+'HR'\s*=\s*ANY\(\s*roles\s*\)/i,
  },
  {
    what: 'locks an account row of the users table (UsersDirectory.lockAccount)',
    pattern: /FROM\s+users\s+WHERE\s+id\s*=\s*\$\d+\s+FOR\s+UPDATE/i,
  },
  {
    what: 'reads accounts by a set of ids from the users table (UsersDirectory.summariesOf, organisationsOf, displayNamesOf)',
    pattern: /FROM\s+users\s+WHERE\s+id\s*=\s*ANY\s*\(/i,
  },
  {
    what: "checks an account's role in the users table (UsersDirectory.hasRole)",
    pattern: /FROM\s+users\s+WHERE\s+id\s*=\s*\$\d+\s+AND\s+[^;`'"]*ANY\(\s*roles\s*\)/i,
  },
  {
    what: 'reads accounts as entities of the users table (UsersDirectory.findById, findByIds)',
    pattern:
      /getRepository\(\s*UserEntity\s*\)\s*\.\s*(findOneBy|findOne|findBy|find|findOneByOrFail|findOneOrFail)\s*\(/,
  },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `fileName` is relative to src; each finding names the file and what it does. */
export function findUsersLookups(fileName: string, text: string): string[] {
  if (fileName.split(path.sep)[0] === 'users') return [];
  return LOOKUPS.filter((l) => l.pattern.test(text)).map((l) => `${fileName} ${l.what}`);
}

describe('the users feature answers for the users table', () => {
  it('finds an HR lookup and an account lock outside src/users (the check itself can fail)', () => {
    const sample = [
      "await em.query(`SELECT id FROM users WHERE organisation_id = $1 AND 'HR' = ANY(roles)`, [org]);",
      "await em.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [personId]);",
    ].join('\n');
    expect(findUsersLookups(path.join('privacy', 'privacy.repository.ts'), sample)).toHaveLength(2);
    expect(findUsersLookups(path.join('users', 'users.repository.ts'), sample)).toEqual([]);
  });

  it('finds per-id reads of accounts outside src/users (the check itself can fail)', () => {
    const sample = [
      "await this.repo.query('SELECT id, display_name FROM users WHERE id = ANY($1)', [ids]);",
      'await em.query(`SELECT id FROM users WHERE id = $1 AND $2 = ANY(roles)`, [id, UserRole.CANDIDATE]);',
      'return em.getRepository(UserEntity).findOneBy({ id });',
    ].join('\n');
    expect(findUsersLookups(path.join('contests', 'contests.repository.ts'), sample)).toHaveLength(3);
    expect(findUsersLookups(path.join('users', 'users.repository.ts'), sample)).toEqual([]);
  });

  it('has no file outside src/users that looks up HR staff, locks an account or reads accounts by id itself', () => {
    const found = sourceFiles(SRC).flatMap((file) =>
      findUsersLookups(path.relative(SRC, file), fs.readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
