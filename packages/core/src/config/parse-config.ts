/**
 * Config validation with zod. Every component has a schema; `parseConfig` turns zod's issues into a
 * `ConfigError` that names each field, the value found and the fix.
 */
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';

function renderValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function renderPath(path: PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/**
 * Validates `value` against `schema`. Returns the parsed (defaults filled, frozen) config or throws a
 * `ConfigError` naming `source` (a file path or a component name).
 *
 * @example
 * const cfg = parseConfig(SamplerSchema, JSON.parse(text), 'sweep.json');
 */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, source: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return deepFreeze(result.data);
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const found = valueAt(value, path);
    const choices =
      issue.code === 'invalid_value' && 'values' in issue
        ? `one of ${(issue as { values: unknown[] }).values.map((v) => JSON.stringify(v)).join(', ')}`
        : undefined;
    let fix: string | undefined;
    if (found === undefined && path.length > 0)
      fix = `add the field '${renderPath(path)}'${choices ? ` with ${choices}` : ''}`;
    else if (issue.code === 'unrecognized_keys')
      fix = `remove or correct ${(issue as { keys?: string[] }).keys?.map((k) => `'${k}'`).join(', ')}`;
    else if (choices) fix = `use ${choices}`;
    return {
      path: renderPath(path),
      value: renderValue(found),
      message: issue.message,
      ...(fix ? { fix } : {}),
    };
  });
  throw new ConfigError(source, issues);
}

/** Freezes a plain data structure in place (configs are frozen, serialisable data). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
