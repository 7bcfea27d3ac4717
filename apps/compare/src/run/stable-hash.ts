/**
 * The sha256 of core's stable JSON (object keys sorted at every level): how configs are hashed; and the
 * app's first-difference path, written `training.seeds[1]` (core's `firstDifference` writes `seeds.1`).
 */
import { sha256Hex, stableJson } from '@flopmatch/core';

/** sha256 hex of core's `stableJson(value)`: equal data gives equal hashes whatever its key order. */
export function stableHash(value: unknown): string {
  return sha256Hex(stableJson(value));
}

/**
 * The first dotted path where two JSON values differ (`training.seeds[1]`; object keys visited sorted,
 * array items as `[i]`), `(root)` when they differ at the top, or undefined when equal.
 */
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
