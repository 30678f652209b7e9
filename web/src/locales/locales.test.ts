import { describe, expect, it } from 'vitest';
import en from './en/translation.json';
import nl from './nl/translation.json';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function placeholders(tree: Tree, key: string): string[] {
  const value = key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part], tree);
  return [...String(value).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
}

describe('translations', () => {
  it('has every English text in Dutch and nothing extra', () => {
    expect(keys(nl as Tree).sort()).toEqual(keys(en as Tree).sort());
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys(en as Tree))
      expect([key, placeholders(nl as Tree, key)]).toEqual([key, placeholders(en as Tree, key)]);
  });

  it('has no empty text', () => {
    for (const tree of [en, nl] as Tree[]) {
      for (const key of keys(tree)) {
        const value = key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part], tree);
        expect([key, String(value).trim().length > 0]).toEqual([key, true]);
      }
    }
  });
});
