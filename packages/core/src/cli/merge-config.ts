/** Layering helpers for run configs: deep merge of plain objects and dotted-path assignment. */
import { ConfigError } from '../errors.js';

/** True for `{...}` literals (not arrays, null or class instances). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** `over` laid on `base`: plain objects merge key by key, everything else (arrays included) is replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out;
}

/** The value at a dotted path (`train.lr`, `grid.0.cfg`), or undefined. */
export function getPath(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * A command-line value typed after what it replaces: kept as a string where the existing value is a
 * string, else read as JSON (`3e-4`, `true`, `[1,2]`, `null`) and left a string if it is not JSON.
 */
export function parseOverrideValue(raw: string, existing: unknown): unknown {
  if (typeof existing === 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Sets `root[path] = value` in place, creating missing objects; refuses to descend into a non-object. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown, source: string): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (next === null || typeof next !== 'object') {
      const at = keys.slice(0, i + 1).join('.');
      throw new ConfigError(source, [
        {
          path,
          value: JSON.stringify(value),
          message: `'${at}' is ${JSON.stringify(next)}, not an object`,
          fix: `set '${at}' itself`,
        },
      ]);
    }
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** Every leaf path of a config (`train.lr`, `model.width`), for suggestions. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
