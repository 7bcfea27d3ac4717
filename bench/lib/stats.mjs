// Small statistics for benches on a shared machine: medians and minima of repeated timings.

/** The median of `xs` (mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The smallest of `xs`. */
export function min(xs) {
  return Math.min(...xs);
}

/** `a / b` with two decimals, as a string ending in ×. */
export function ratio(a, b) {
  return `${(a / b).toFixed(2)}×`;
}
