/**
 * Axis scales and tick choice for the report's SVG plots: linear scales with "nice" steps (1, 2, 5 × 10^k)
 * and log10 scales with decade ticks (plus 3× ticks under three decades, 2× and 5× ticks under 1.2).
 */

/** Maps data values to pixels along one axis. */
export interface Scale {
  kind: 'linear' | 'log';
  /** Data range [min, max] after padding. */
  domain: [number, number];
  /** Pixel range [start, end] (end < start for a y axis). */
  range: [number, number];
  /** Pixel position of a data value. */
  map(value: number): number;
}

/** One tick: its value and its label as plain text (`^` marks an exponent: `10^12`, `2×10^12`). */
export interface Tick {
  value: number;
  label: string;
}

/** Padded data range of `values` for a scale kind (5% of the span each side; a decade fraction for log). */
export function paddedDomain(values: readonly number[], kind: 'linear' | 'log'): [number, number] {
  const usable = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  if (usable.length === 0) return kind === 'log' ? [1, 10] : [0, 1];
  if (kind === 'log') {
    let lo = Math.log10(Math.min(...usable));
    let hi = Math.log10(Math.max(...usable));
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const pad = (hi - lo) * 0.06;
    return [10 ** (lo - pad), 10 ** (hi + pad)];
  }
  let lo = Math.min(...usable);
  let hi = Math.max(...usable);
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const half = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= half;
    hi += half;
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/** A scale from a domain onto pixels. */
export function makeScale(kind: 'linear' | 'log', domain: [number, number], range: [number, number]): Scale {
  const t = kind === 'log' ? Math.log10 : (v: number) => v;
  const d0 = t(domain[0]);
  const d1 = t(domain[1]);
  return {
    kind,
    domain,
    range,
    map: (v) => range[0] + ((t(v) - d0) / (d1 - d0)) * (range[1] - range[0]),
  };
}

/** The step among 1, 2, 5 × 10^k closest to giving `target` intervals over `span`. */
export function niceStep(span: number, target = 5): number {
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

/** Renders a linear tick value with just enough decimals for `step`. */
export function formatLinear(value: number, step: number): string {
  if (Math.abs(value) < step * 1e-9) return '0';
  if (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3) {
    const e = Math.floor(Math.log10(Math.abs(value)));
    const m = value / 10 ** e;
    return `${Number(m.toFixed(2))}×10^${e}`;
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

/** Ticks of a scale's domain. */
export function ticks(scale: Scale, target = 5): Tick[] {
  const [lo, hi] = scale.domain;
  if (scale.kind === 'linear') {
    const step = niceStep(hi - lo, target);
    const out: Tick[] = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      const value = Math.round(v / step) * step;
      out.push({ value, label: formatLinear(value, step) });
    }
    return out;
  }
  const eLo = Math.floor(Math.log10(lo));
  const eHi = Math.ceil(Math.log10(hi));
  const span = Math.log10(hi) - Math.log10(lo);
  const mantissas = span < 1.2 ? [1, 2, 5] : span < 3 ? [1, 3] : [1];
  const every = Math.max(1, Math.ceil((eHi - eLo) / 8)); // at most ~8 decade labels
  const out: Tick[] = [];
  for (let e = eLo; e <= eHi; e++) {
    if (mantissas.length === 1 && (e - eLo) % every !== 0) continue;
    for (const m of mantissas) {
      const value = m * 10 ** e;
      if (value < lo * (1 - 1e-12) || value > hi * (1 + 1e-12)) continue;
      out.push({ value, label: m === 1 ? `10^${e}` : `${m}×10^${e}` });
    }
  }
  return out;
}
