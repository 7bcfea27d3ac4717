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
