/**
 * npm run match -- FILE [--optimal candidate|host]
 *
 * Reads an instance file (format: docs/matching-instance-format.md), solves it and prints the Result JSON:
 * problem, optimal, assignment, and the independent verifier's stable/violations.
 * Invalid input (bad arguments, unreadable file, malformed JSON, invalid instance): a message on
 * stderr and exit code 2. A result the verifier rejects (a solver bug): printed, then exit code 1.
 */
import { readFileSync } from 'fs';

import { InstanceError, Optimal, hasDecisions, parseInstanceBytes, solve, verify } from '../core/matching';

const USAGE = 'usage: npm run match -- FILE [--optimal candidate|host]';

class UsageError extends Error {}

interface Arguments {
  readonly file: string;
  readonly optimal: Optimal;
}

function parseOptimal(value: string | undefined): Optimal {
  if (value === 'candidate' || value === 'host') return value;
  throw new UsageError(
    `--optimal must be "candidate" or "host" (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`,
  );
}

export function parseArguments(argv: readonly string[]): Arguments {
  let optimal: Optimal = 'candidate';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--optimal') {
      optimal = parseOptimal(argv[++i]);
    } else if (arg.startsWith('--optimal=')) {
      optimal = parseOptimal(arg.slice('--optimal='.length));
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) {
    throw new UsageError(
      files.length === 0 ? 'no instance file given' : `expected one instance file, got ${files.length}`,
    );
  }
  return { file: files[0], optimal };
}

/** The file's bytes: the parser reads UTF-8 JSON itself (one pass, no decoded copy of the text). */
function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${JSON.stringify(file)}: ${reason}`);
  }
}

export function main(argv: readonly string[]): number {
  let file = '';
  try {
    const args = parseArguments(argv);
    file = args.file;
    const instance = parseInstanceBytes(readInput(args.file));
    const { problem, optimal, assignment } = solve(instance, { optimal: args.optimal });
    const { valid, stable, violations, exempt } = verify(instance, assignment);
    // exempt: HR's pre-assignments and overrides (version 2), which the stability verdict leaves out.
    const result = hasDecisions(instance)
      ? { problem, optimal, assignment, stable, violations, exempt }
      : { problem, optimal, assignment, stable, violations };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!valid || !stable) {
      process.stderr.write('match: the verifier rejected the solver result (see violations)\n');
      return 1;
    }
    return 0;
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      process.stderr.write(`match: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InstanceError) {
      process.stderr.write(`match: invalid instance in ${JSON.stringify(file)}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
