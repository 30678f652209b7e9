/**
 * The pure core is fenced by this test, independently of any lint setup: no file under src/core may
 * import framework, database or GraphQL packages, or read the clock or Math.random (time and seeds
 * are parameters). It parses every .ts file with the TypeScript compiler, so comments and strings
 * that merely mention these names do not count.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const CORE = path.resolve(__dirname, '../../../src/core');

const FORBIDDEN_MODULES: readonly RegExp[] = [
  /^@nestjs\//,
  /^typeorm(\/|$)/,
  /^graphql(\/|$|-)/,
  /^pg(\/|$|-)/,
  /^class-validator(\/|$)/,
];

/** `object.member` reads that are impure: randomness and the clock. */
const FORBIDDEN_MEMBERS: readonly [string, string][] = [
  ['Math', 'random'],
  ['Date', 'now'],
  ['performance', 'now'],
  ['process', 'hrtime'],
];

function moduleFinding(specifier: ts.Expression | undefined, where: string): string[] {
  if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return [];
  const name = specifier.text;
  return FORBIDDEN_MODULES.some((pattern) => pattern.test(name)) ? [`${where} imports "${name}"`] : [];
}

/** Impure imports and calls in one source text, as "file:line ..." findings. */
function findImpurities(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: string[] = [];
  const at = (node: ts.Node): string =>
    `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      findings.push(...moduleFinding(node.moduleSpecifier, at(node)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      findings.push(...moduleFinding(node.moduleReference.expression, at(node)));
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        callee.kind === ts.SyntaxKind.ImportKeyword
      ) {
        findings.push(...moduleFinding(node.arguments[0], at(node)));
      }
      if (ts.isIdentifier(callee) && callee.text === 'Date') findings.push(`${at(node)} calls Date()`);
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Date' &&
      // new Date() reads the clock; new Date(instant) only converts a value given to it.
      (node.arguments === undefined || node.arguments.length === 0)
    ) {
      findings.push(`${at(node)} uses new Date`);
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const object = node.expression;
      const member = ts.isPropertyAccessExpression(node)
        ? node.name.text
        : ts.isStringLiteralLike(node.argumentExpression)
          ? node.argumentExpression.text
          : undefined;
      if (ts.isIdentifier(object) && FORBIDDEN_MEMBERS.some(([o, m]) => o === object.text && m === member)) {
        findings.push(`${at(node)} uses ${object.text}.${String(member)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(full);
    return entry.isFile() && entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('core purity', () => {
  it.each([
    ["import { Injectable } from '@nestjs/common';", 'imports "@nestjs/common"'],
    ["import { Repository } from 'typeorm';", 'imports "typeorm"'],
    ["export { GraphQLError } from 'graphql';", 'imports "graphql"'],
    ["import pg = require('pg');", 'imports "pg"'],
    ["const v = require('class-validator');", 'imports "class-validator"'],
    ["const m = await import('typeorm/browser');", 'imports "typeorm/browser"'],
    ['const x = Math.random();', 'uses Math.random'],
    ["const x = Math['random']();", 'uses Math.random'],
    ['const t = new Date();', 'uses new Date'],
    ['const t = new Date;', 'uses new Date'],
    ['const t = Date.now();', 'uses Date.now'],
    ['const t = Date();', 'calls Date()'],
    ['const t = performance.now();', 'uses performance.now'],
  ])('flags %s', (snippet, finding) => {
    expect(findImpurities('snippet.ts', snippet)).toEqual([`snippet.ts:1 ${finding}`]);
  });

  it('does not flag names that only appear in comments, strings or unrelated identifiers', () => {
    const clean = [
      '// no Math.random and no new Date() here',
      'const note = \'Date.now() is a parameter; import from "typeorm" elsewhere\';',
      "import { parse } from './graphql-free';",
      'const random = (seed: number) => seed * 2;',
      'type Dated = { at: Date };',
      'const day = (ms: number) => new Date(ms);',
    ].join('\n');
    expect(findImpurities('clean.ts', clean)).toEqual([]);
  });

  it('finds no framework import, clock read or Math.random in any file under src/core', () => {
    const files = tsFilesUnder(CORE);
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((f) => f.includes(`${path.sep}matching${path.sep}`))).toBe(true);
    const findings = files.flatMap((file) =>
      findImpurities(path.relative(CORE, file), fs.readFileSync(file, 'utf8')),
    );
    expect(findings).toEqual([]);
  });
});
