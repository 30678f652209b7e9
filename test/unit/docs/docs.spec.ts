import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { buildSchema, LoneAnonymousOperationRule, parse, specifiedRules, validate } from 'graphql';

import { Env } from '../../../src/config/env.schema';

/**
 * The README and docs/ are what a newcomer trusts first: their GraphQL examples must run against
 * today's schema, their links must lead somewhere in the repository, and the configuration page must
 * name every setting.
 */
const REPO = path.resolve(__dirname, '../../..');

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  const readmes = ['src', 'test'].flatMap((dir) => findFiles(dir, (f) => f === 'README.md'));
  return ['README.md', ...docs, ...readmes].sort();
}

function findFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findFiles(rel, keep);
    return keep(entry.name) ? [rel] : [];
  });
}

const read = (rel: string): string => readFileSync(path.join(REPO, rel), 'utf8');

/** The heading anchors GitHub makes: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = heading
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative links `[text](target)` outside code blocks and spans. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

const files = markdownFiles();

describe('README and docs', () => {
  it('are found', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md']));
  });

  const schema = buildSchema(read('schema.gql'));
  // A block may hold several operations: each is checked on its own terms.
  const rules = specifiedRules.filter((rule) => rule !== LoneAnonymousOperationRule);
  const examples = files.flatMap((file) =>
    [...read(file).matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map(
      ([, source], i) => [`${file} #${i + 1}`, source] as const,
    ),
  );

  it.each(examples)('%s: the GraphQL example is valid against schema.gql', (_name, source) => {
    const errors = validate(schema, parse(source), rules).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it.each(files)('%s: every relative link leads to a file and heading in the repository', (file) => {
    const broken = linksOf(read(file)).filter((link) => {
      const [target, anchor] = link.split('#');
      const resolved = target === '' ? path.join(REPO, file) : path.resolve(REPO, path.dirname(file), target);
      if (!resolved.startsWith(REPO + path.sep) || !existsSync(resolved)) return true;
      if (anchor === undefined || statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return false;
      return !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('docs/configuration.md names every setting of src/config/env.schema.ts', () => {
    const page = read('docs/configuration.md');
    // Every setting carries validation decorators, optional ones included.
    const settings = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(Env, '', true, false)
        .map((m) => m.propertyName),
    );
    expect(settings.size).toBeGreaterThan(20);
    expect([...settings].filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('the repository stands alone', () => {
  const outside = ['..', 'shared'].join('/');
  const textFiles = [
    'README.md',
    ...['src', 'test', 'docs', 'bench', '.ci'].flatMap((dir) => findFiles(dir, () => true)),
  ].filter((f) => !/\.(svg|png|json)$/.test(f));

  it(`has no file in src, test, docs, bench or .ci, nor the README, that points at ${outside}`, () => {
    expect(textFiles.length).toBeGreaterThan(100);
    expect(textFiles.filter((file) => read(file).includes(outside))).toEqual([]);
  });
});
