/**
 * Repositories stay inside their feature (issue 11): a file in src/<feature> imports only its own
 * feature's repositories. Another feature's tables are reached through the small service its module
 * exports (UsersDirectory, OrganisationsDirectory, AccountActivity, PrivacyRecords, ...), never
 * through its repository. The owner of a repository is the top-level folder of src it lives in
 * (src/common and src/database included); no file is exempt.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)'(\.{1,2}\/[^']*)'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level folder of src a path (relative to src) belongs to; '' for files directly in src. */
function featureOf(relativeToSrc: string): string {
  const parts = relativeToSrc.split(path.sep);
  return parts.length > 1 ? parts[0] : '';
}

/** `fileName` is relative to src; each finding names the line and the foreign repository. */
export function findForeignRepositoryImports(fileName: string, text: string): string[] {
  const feature = featureOf(fileName);
  return text.split('\n').flatMap((line, i) =>
    [...line.matchAll(IMPORT)].flatMap((m) => {
      const target = path.normalize(path.join(path.dirname(fileName), m[1]));
      if (!/\.repository$/.test(target)) return [];
      const owner = featureOf(target);
      return owner === feature
        ? []
        : [`${fileName}:${i + 1} imports a repository of ${owner}: ${line.trim()}`];
    }),
  );
}

function foreignImportsInSrc(): string[] {
  return sourceFiles(SRC).flatMap((file) =>
    findForeignRepositoryImports(path.relative(SRC, file), fs.readFileSync(file, 'utf8')),
  );
}

describe('repositories stay inside their feature', () => {
  it('finds an import of another feature’s repository (the check itself can fail)', () => {
    const sample = [
      "import { UsersRepository } from '../users/users.repository';",
      "const { PrivacyRepository } = await import('../privacy/privacy.repository');",
      "import { ProfilesRepository } from './profiles.repository';",
      "import { ProfilesRepository as P } from '../profiles/profiles.repository';",
      "import { UsersDirectory } from '../users/users.directory';",
    ].join('\n');
    expect(findForeignRepositoryImports(path.join('profiles', 'sample.ts'), sample)).toHaveLength(2);
    const nested = "import { OrganisationsRepository } from '../../organisations/organisations.repository';";
    expect(findForeignRepositoryImports(path.join('profiles', 'dto', 'sample.ts'), nested)).toHaveLength(1);
  });

  it('has no file in src that imports a repository of another feature', () => {
    expect(foreignImportsInSrc()).toEqual([]);
  });
});
