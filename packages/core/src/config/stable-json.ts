/**
 * Order-independent comparison of JSON data: how a resumed run checks that its config is the one its
 * checkpoint was saved with.
 */

/**
 * JSON with object keys sorted at every level, so equal data gives equal text whatever order its fields
 * were written in. Array order is kept; `undefined` at the top level becomes `null`.
 *
 * @example
 * stableJson({ b: 1, a: 2 }); // '{"a":2,"b":1}'
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The first dotted path where two JSON values differ (`trainer.optimizer.lr`, array items as `m.0`),
 * `(root)` when they differ at the top, or `undefined` when `stableJson` of both is equal. Keys are visited
 * in the order they appear in `a`, then those only in `b`.
 *
 * @example
 * firstDifference({ t: { lr: 1 } }, { t: { lr: 3 } }); // 't.lr'
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (d !== undefined) return d;
    }
  }
  return path || '(root)';
}
