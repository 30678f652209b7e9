import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { getMetadataStorage, ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  CONSTRAINT_CODES,
  constraintName,
  fieldCodeOf,
  FieldCode,
} from '../../../src/common/errors/field-codes';
import { flattenValidationErrors } from '../../../src/common/errors/validation-exception.factory';
import { CreateOpportunityInput } from '../../../src/opportunities/dto/opportunity.inputs';

const SRC = join(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Field errors written as object literals (`{ field, message }`) that name no `code`: they would go
 * out as INVALID, with only the English message to show. A literal that spreads another object in
 * (`...fieldCodeOf(...)`) takes its code from there.
 */
export function fieldErrorsWithoutCode(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = node.properties.map((p) => (p.name ? p.name.getText(source) : undefined));
      const spreads = node.properties.some((p) => ts.isSpreadAssignment(p));
      if (names.includes('field') && names.includes('message') && !names.includes('code') && !spreads) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${fileName}:${line + 1} ${node.getText(source).replace(/\s+/g, ' ')}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function dtoFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...dtoFiles(path));
    else if (/\/dto\/[^/]+\.ts$/.test(path)) out.push(path);
  }
  return out;
}

describe('field codes', () => {
  it('maps every class-validator constraint used in src/**/dto to a code of its own (none falls back to INVALID)', async () => {
    const files = dtoFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) await import(file);
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, ValidationMetadata[]>;
    };
    const names = new Set<string>();
    for (const metadatas of storage.validationMetadatas.values()) {
      for (const metadata of metadatas) {
        const name = constraintName(metadata);
        if (name) names.add(name);
      }
    }
    expect(names.size).toBeGreaterThan(10);
    expect(names).toContain('isLength');
    const unmapped = [...names].filter((name) => !CONSTRAINT_CODES[name]);
    expect(unmapped).toEqual([]);
    expect(Object.values(CONSTRAINT_CODES)).not.toContain(FieldCode.INVALID);
  });

  it('gives a too-short title TOO_SHORT with the bounds of its rule', () => {
    const input = Object.assign(new CreateOpportunityInput(), { title: 'ab' });
    const error = Object.assign(new ValidationError(), {
      target: input,
      property: 'title',
      value: 'ab',
      constraints: { isLength: 'title must be longer than or equal to 3 characters' },
    });
    const [field] = flattenValidationErrors([error]);
    expect(field).toMatchObject({ field: 'title', code: FieldCode.TOO_SHORT });
    expect(field?.params?.min).toEqual(expect.any(Number));
    expect(field?.params?.max).toEqual(expect.any(Number));
  });

  it('finds a field error without a code (the check itself can fail)', () => {
    const sample = [
      "throw AppError.badInput('x', [{ field: 'after', message: 'not a cursor' }]);",
      "throw AppError.badInput('x', [{ field: 'a', message: 'b', code: FieldCode.REQUIRED }]);",
      'const f = { field, message, ...fieldCodeOf(error, constraint) };',
    ].join('\n');
    expect(fieldErrorsWithoutCode('sample.ts', sample)).toHaveLength(1);
  });

  it('has every field error a use case writes name its code, so none goes out as INVALID', () => {
    const found = sourceFiles(SRC).flatMap((file) =>
      fieldErrorsWithoutCode(relative(SRC, file), readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it('falls back to INVALID for a constraint it does not know', () => {
    const error = Object.assign(new ValidationError(), { property: 'x', value: 1 });
    expect(fieldCodeOf(error, 'somethingNew')).toEqual({ code: FieldCode.INVALID });
  });
});
