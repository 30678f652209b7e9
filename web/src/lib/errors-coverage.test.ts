import { describe, expect, it } from 'vitest';
import errorsDoc from '../../../docs/errors.md?raw';
import en from '../locales/en/translation.json';
import nl from '../locales/nl/translation.json';
import {
  ERROR_CODES,
  FIELD_CODE_KEYS,
  FIELD_CODES_IN_API_WORDS,
  REASONS,
  REASONS_NOT_MET_BY_PAGES,
} from './errors';

type Tree = { [key: string]: string | Tree };

/** Every code and reason docs/errors.md lists in its tables (the first column), from "Codes" to "Limits". */
function documented(): { codes: string[]; reasons: string[] } {
  const doc = errorsDoc;
  const section = doc.slice(doc.indexOf('## Codes'), doc.indexOf('## Limits'));
  const codes: string[] = [];
  const reasons: string[] = [];
  let inCodes = true;
  for (const line of section.split('\n')) {
    if (line.startsWith('### ')) inCodes = false;
    if (!line.startsWith('| `')) continue;
    const names = [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string);
    (inCodes ? codes : reasons).push(...names);
  }
  // Reasons named in the section's prose ("`FORBIDDEN` carries `CROSS_SITE_REQUEST`").
  for (const m of section.matchAll(/carries `([A-Z_]+)`/g)) reasons.push(m[1] as string);
  return { codes: [...new Set(codes)], reasons: [...new Set(reasons)] };
}

function text(tree: Tree, key: string): string | undefined {
  const value = key
    .split('.')
    .reduce<string | Tree | undefined>((node, part) => (node as Tree)?.[part], tree);
  return typeof value === 'string' ? value : undefined;
}

describe('every error the API documents', () => {
  const { codes, reasons } = documented();

  it('finds the tables (the test reads what it should)', () => {
    expect(codes).toContain('CONFLICT');
    expect(reasons).toContain('NO_SEATS_LEFT');
    expect(reasons).toContain('SESSION_ENDED');
  });

  it('has a message for every code, in English and Dutch', () => {
    const missing = codes.filter(
      (code) =>
        !ERROR_CODES.includes(code) ||
        !text(en as Tree, `errors.code.${code}`) ||
        !text(nl as Tree, `errors.code.${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a message for every reason a page can meet, in English and Dutch; the others are listed as such', () => {
    const undecided = reasons.filter(
      (reason) =>
        !(REASONS as readonly string[]).includes(reason) &&
        !(REASONS_NOT_MET_BY_PAGES as readonly string[]).includes(reason),
    );
    expect(undecided).toEqual([]);
    const untranslated = REASONS.filter(
      (reason) =>
        !text(en as Tree, `errors.reason.${reason}`) || !text(nl as Tree, `errors.reason.${reason}`),
    );
    expect(untranslated).toEqual([]);
  });
});

/** Every field code docs/errors.md lists in its "Field codes" table. */
function documentedFieldCodes(): string[] {
  const section = errorsDoc.slice(errorsDoc.indexOf('## Field codes'), errorsDoc.indexOf('## Codes'));
  const codes: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    codes.push(...[...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] as string));
  }
  return codes;
}

describe('every field code the API documents', () => {
  const codes = documentedFieldCodes();

  it('finds the table', () => {
    expect(codes).toContain('TOO_SHORT');
    expect(codes).toContain('UNKNOWN_REFERENCE');
  });

  it('is written in English and Dutch (every message it may use), or shown in the API words by decision', () => {
    const undecided = codes.filter(
      (code) => !FIELD_CODE_KEYS[code] && !(FIELD_CODES_IN_API_WORDS as readonly string[]).includes(code),
    );
    expect(undecided).toEqual([]);
    const untranslated = Object.values(FIELD_CODE_KEYS)
      .flat()
      .filter(
        (key) => !text(en as Tree, `errors.fieldCode.${key}`) || !text(nl as Tree, `errors.fieldCode.${key}`),
      );
    expect(untranslated).toEqual([]);
    const undocumented = Object.keys(FIELD_CODE_KEYS).filter((code) => !codes.includes(code));
    expect(undocumented).toEqual([]);
  });
});
