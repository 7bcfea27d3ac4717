/**
 * Run configs in three layers (nanoGPT's configurator.py pattern): defaults, then a JSON config file over
 * them, then command-line overrides `--train.lr=3e-4` over both; the result is validated by the run's zod
 * schema through `parseConfig` and frozen.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { parseConfig } from '../config/parse-config.js';
import { ConfigError, type ConfigIssue, NotFoundError } from '../errors.js';
import { editDistance } from './edit-distance.js';
import { deepMerge, getPath, isPlainObject, leafPaths, parseOverrideValue, setPath } from './merge-config.js';

/** Options of `loadRunConfig`. */
export interface LoadRunConfigOptions<S extends z.ZodType> {
  /** The run's zod schema; use `.strict()` objects so misspelt fields in the file are caught. */
  schema: S;
  /** The lowest layer: every field with its default value. */
  defaults: Record<string, unknown>;
  /** A JSON config file laid over the defaults (path relative to `cwd`). Optional. */
  file?: string;
  /** Overrides from the command line by dotted path (`CommandArgs.overrides`), laid over everything. */
  overrides?: Record<string, string>;
  /** Directory `file` is resolved against. Default `process.cwd()`. */
  cwd?: string;
}

/** `grid.0.cfg` → `grid[0].cfg`, the form `parseConfig` reports paths in. */
function renderDotted(path: string): string {
  return path.split('.').reduce((out, k) => (/^\d+$/.test(k) ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError(path, 'config file', 'check the --config path');
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [
      { path: '', value: '(file)', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  if (!isPlainObject(value)) {
    throw new ConfigError(path, [
      {
        path: '',
        value: JSON.stringify(value).slice(0, 40),
        message: 'a config file must hold a JSON object',
      },
    ]);
  }
  return value;
}

/**
 * Merges defaults < config file < command-line overrides and validates the result. Errors name the
 * field, the value, the fix and, for a bad override, the flag that set it.
 *
 * @example
 * const cfg = loadRunConfig({ schema: RunSchema, defaults: { train: { lr: 1e-3, steps: 100 } },
 *   file: args.values.config as string | undefined, overrides: args.overrides, cwd: ctx.cwd });
 */
export function loadRunConfig<S extends z.ZodType>(options: LoadRunConfigOptions<S>): z.output<S> {
  const file = options.file ? resolve(options.cwd ?? process.cwd(), options.file) : undefined;
  const layers = [
    'defaults',
    ...(file ? [file] : []),
    ...(Object.keys(options.overrides ?? {}).length ? ['command line'] : []),
  ];
  const source = `run config (${layers.join(' < ')})`;

  let merged = deepMerge({}, options.defaults) as Record<string, unknown>;
  if (file) merged = deepMerge(merged, readConfigFile(file)) as Record<string, unknown>;
  const overrides = Object.entries(options.overrides ?? {});
  for (const [path, raw] of overrides)
    setPath(merged, path, parseOverrideValue(raw, getPath(merged, path)), 'command line');

  let config: z.output<S>;
  try {
    config = parseConfig(options.schema, merged, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issues = error.issues.map((issue): ConfigIssue => {
      const flag = overrides.find(([p]) => {
        const at = renderDotted(p);
        if (issue.path === at || issue.path.startsWith(`${at}.`) || issue.path.startsWith(`${at}[`))
          return true;
        // An unknown key is reported at its parent object, with the key named in the fix.
        const parent = renderDotted(p.split('.').slice(0, -1).join('.'));
        return issue.path === parent && (issue.fix ?? '').includes(`'${p.split('.').at(-1)}'`);
      });
      return flag
        ? { ...issue, fix: `${issue.fix ? `${issue.fix}; ` : ''}set by --${flag[0]}=${flag[1]}` }
        : issue;
    });
    throw new ConfigError(source, issues);
  }
  // A non-strict schema strips unknown keys silently: an override that vanished was a typo.
  const unknown = overrides.filter(
    ([p]) => getPath(config, p) === undefined && getPath(merged, p) !== undefined,
  );
  if (unknown.length) {
    const known = leafPaths(config);
    throw new ConfigError(
      source,
      unknown.map(([p, raw]) => {
        const near = known.filter((k) => editDistance(p, k) <= Math.max(1, Math.floor(k.length / 3)));
        return {
          path: p,
          value: JSON.stringify(raw),
          message: `--${p} names no field of this config`,
          fix: near.length ? `did you mean --${near[0]}?` : `fields are: ${known.join(', ')}`,
        };
      }),
    );
  }
  return config;
}
