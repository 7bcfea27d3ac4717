/** Shared pieces of the `metrics …` commands: loading the two feature files, numeric flags, error exits. */

import { resolve } from 'node:path';
import {
  type CommandArgs,
  type CommandContext,
  type CommandOption,
  EXIT,
  exitCodeFor,
  FileFormatError,
  FlopmatchError,
  UsageError,
} from '@flopmatch/core';
import { ExtractorMismatchError, MetricInputError } from '../errors.js';
import type { NamedFeatureSet } from '../feature-set.js';
import { readFeatureSet } from '../io/feature-set-file.js';

/** Options every `metrics` distribution command takes. */
export const PAIR_OPTIONS: Record<string, CommandOption> = {
  real: {
    type: 'string',
    description: 'reference features, an [N, D] float32/float64 .npy (sidecar <file>.json optional)',
  },
  fake: { type: 'string', description: 'generated features, an [N, D] .npy from the same extractor' },
  json: {
    type: 'boolean',
    default: false,
    description: 'print one JSON object instead of text (default false)',
  },
  extractor: {
    type: 'string',
    description: 'extractor name in the metric name (default: from the sidecar, else "custom")',
  },
};

/** Loads `--real` and `--fake` (paths relative to `ctx.cwd`). */
export async function loadPair(
  args: CommandArgs,
  ctx: CommandContext,
  command: string,
): Promise<{ real: NamedFeatureSet; fake: NamedFeatureSet }> {
  const path = (flag: 'real' | 'fake'): string => {
    const value = args.values[flag];
    if (typeof value !== 'string' || value === '') {
      throw new UsageError(
        `${command}: --${flag} is required`,
        `flopmatch ${command} --real real.npy --fake fake.npy`,
      );
    }
    return resolve(ctx.cwd, value);
  };
  const [real, fake] = await Promise.all([readFeatureSet(path('real')), readFeatureSet(path('fake'))]);
  return { real, fake };
}

/** Reads an integer flag (`--subset-size 500`), or `undefined` when absent. */
export function integerFlag(args: CommandArgs, flag: string, min: number): number | undefined {
  const raw = args.values[flag];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `--${flag} = ${JSON.stringify(raw)} is not an integer ≥ ${min}`,
      `pass e.g. --${flag} ${Math.max(min, 1)}`,
    );
  }
  return value;
}

/** The optional `--extractor` name. */
export function extractorFlag(args: CommandArgs): { extractor?: string } {
  const value = args.values.extractor;
  return typeof value === 'string' && value !== '' ? { extractor: value } : {};
}

/**
 * Prints a user error the way the CLI host does and maps it to an exit code: a missing or unusable feature
 * file → 3; unusable inputs (mismatched extractors, too few samples, bad options) → 2; anything else as
 * core's `exitCodeFor`. Non-flopmatch errors are rethrown for the host to report as internal errors.
 */
export function failWith(error: unknown, ctx: CommandContext): number {
  if (!(error instanceof FlopmatchError)) throw error;
  ctx.stderr(`error: ${error.message}\n`);
  if (error instanceof FileFormatError) return EXIT.unavailable;
  if (error instanceof MetricInputError || error instanceof ExtractorMismatchError) return EXIT.usage;
  return exitCodeFor(error);
}

/** Formats a number for text output: 6 significant digits. */
export function show(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
