/** Stable JSON (object keys sorted at every level) and its sha256: how configs are compared and hashed. */
import { sha256Hex } from '@flopmatch/core';

/** JSON with object keys sorted, so equal data gives equal text whatever the insertion order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** sha256 hex of `stableJson(value)`. */
export function stableHash(value: unknown): string {
  return sha256Hex(stableJson(value));
}

/** The first dotted path where two JSON values differ (`training.seeds[1]`), or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a)
      ? Array.from({ length: Math.max(a.length, (b as unknown[]).length) }, (_, i) => i)
      : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const next = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const d = firstDifference(
        (a as Record<string | number, unknown>)[key],
        (b as Record<string | number, unknown>)[key],
        next,
      );
      if (d !== undefined) return d;
    }
  }
  return path || '(root)';
}
