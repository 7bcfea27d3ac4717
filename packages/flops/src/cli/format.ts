/** Human-readable numbers and the plain-text tables `flopmatch flops` prints. */

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z'] as const;

/**
 * A count with an SI prefix and 4 significant digits: 237318400000 → '237.3 G', 712e9 → '712.0 G'.
 *
 * @example
 * formatCount(1_234_567); // '1.235 M'
 */
export function formatCount(value: number): string {
  if (value === 0) return '0';
  let exponent = Math.min(Math.max(Math.floor(Math.log10(Math.abs(value)) / 3), 0), PREFIXES.length - 1);
  let scaled = value / 1000 ** exponent;
  if (Number(scaled.toPrecision(4)) >= 1000 && exponent < PREFIXES.length - 1) {
    exponent += 1;
    scaled = value / 1000 ** exponent;
  }
  if (exponent === 0 && Number.isInteger(value)) return String(value);
  return `${scaled.toPrecision(4)} ${PREFIXES[exponent]}`.trimEnd();
}

/** Renders rows of cells as left-aligned first column and right-aligned others, two spaces apart. */
export function renderTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
