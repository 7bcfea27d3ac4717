/**
 * The report's one plotting module: renders a `PlotSpec` as a self-contained SVG figure — axes with
 * labels and units (linear or log10), gridlines, series as lines and markers with error bars and shaded
 * bands, horizontal or vertical reference lines, point labels, and a legend below the plot. No scripts, no
 * external fonts; the text uses the page's font stack.
 */
import { escapeHtml } from '../html-escape.js';
import { makeScale, paddedDomain, type Tick, ticks } from './plot-scale.js';

/** One axis. */
export interface AxisSpec {
  /** What the axis shows, e.g. `training compute`. */
  label: string;
  /** Unit printed after the label in parentheses, e.g. `FLOPs`, `FD`, `ms`. */
  unit: string;
  /** `log` for log10 spacing. Default `linear`. */
  scale?: 'linear' | 'log';
  /** Values the axis range must include (e.g. `[0]` for a score axis). */
  include?: readonly number[];
}

/** One data point; `yLow`/`yHigh` draw an error bar, `label` a small text beside the marker. */
export interface PlotPoint {
  x: number;
  y: number;
  yLow?: number;
  yHigh?: number;
  label?: string;
}

/** Line styles of series and reference lines. */
export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'none';
/** Marker shapes. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'none';

/** One series: points joined in the given order. */
export interface PlotSeries {
  /** Legend entry. */
  name: string;
  /** CSS colour. */
  color: string;
  points: readonly PlotPoint[];
  /** Default `solid`. */
  line?: LineStyle;
  /** Default `circle`. */
  marker?: MarkerShape;
  /** A shaded band (e.g. a confidence band of a fit), drawn under the series. */
  band?: readonly { x: number; low: number; high: number }[];
}

/** A horizontal (`y`) or vertical (`x`) line across the plot, listed in the legend. */
export interface ReferenceLine {
  name: string;
  color: string;
  y?: number;
  x?: number;
  /** Default `dashed`. */
  line?: LineStyle;
}

/** Everything a plot shows. Plain serialisable data. */
export interface PlotSpec {
  /** Stable id, used as the figure's `id` (`plot-<id>`) and `data-plot` attribute. */
  id: string;
  title: string;
  /** One or two sentences under the plot: how to read it. */
  caption?: string;
  x: AxisSpec;
  y: AxisSpec;
  series: readonly PlotSeries[];
  references?: readonly ReferenceLine[];
  /** SVG width in px. Default 520. */
  width?: number;
  /** Height of the plot area and axes in px (the legend adds below). Default 300. */
  height?: number;
}

const MARGIN = { left: 64, right: 16, top: 12, bottom: 46 };
const CHAR_WIDTH = 6.4; // average width of a 11px sans-serif character, for legend layout
const DASH: Record<LineStyle, string> = { solid: '', dashed: '6 4', dotted: '2 3', none: '' };

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/** Tick label with `^exponent` rendered as a superscript tspan. */
function tickText(tick: Tick): string {
  const [base, exp] = tick.label.split('^');
  const b = escapeHtml(base!);
  return exp === undefined ? b : `${b}<tspan dy="-5" font-size="8">${escapeHtml(exp)}</tspan>`;
}

function marker(shape: MarkerShape, x: number, y: number, color: string): string {
  const r = 3.6;
  const a = `fill="${color}" stroke="#fff" stroke-width="0.8"`;
  switch (shape) {
    case 'none':
      return '';
    case 'square':
      return `<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${fmt(2 * r)}" height="${fmt(2 * r)}" ${a}/>`;
    case 'triangle':
      return `<path d="M${fmt(x)},${fmt(y - r * 1.2)}L${fmt(x + r * 1.1)},${fmt(y + r * 0.8)}L${fmt(x - r * 1.1)},${fmt(y + r * 0.8)}Z" ${a}/>`;
    case 'diamond':
      return `<path d="M${fmt(x)},${fmt(y - r * 1.3)}L${fmt(x + r)},${fmt(y)}L${fmt(x)},${fmt(y + r * 1.3)}L${fmt(x - r)},${fmt(y)}Z" ${a}/>`;
    default:
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r}" ${a}/>`;
  }
}

function swatch(line: LineStyle, shape: MarkerShape, color: string, x: number, y: number): string {
  const stroke =
    line === 'none'
      ? ''
      : `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${color}" stroke-width="2" stroke-dasharray="${DASH[line]}"/>`;
  return stroke + marker(shape, x + 11, y, color);
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Point labels placed greedily: each takes the first of four spots around its marker (above right, below
 * right, above left, below left) that stays inside the plot and clear of labels placed before it; failing
 * that, the first spot clear of them; failing that, above right.
 */
function placeLabels(
  series: readonly { points: readonly PlotPoint[] }[],
  mapX: (v: number) => number,
  mapY: (v: number) => number,
  area: { left: number; right: number; top: number; bottom: number },
): string {
  const placed: Box[] = [];
  const out: string[] = [];
  const spots = [
    { dx: 6, dy: -6, anchor: 'start' },
    { dx: 6, dy: 13, anchor: 'start' },
    { dx: -6, dy: -6, anchor: 'end' },
    { dx: -6, dy: 13, anchor: 'end' },
  ] as const;
  for (const s of series)
    for (const p of s.points) {
      if (!p.label) continue;
      const px = mapX(p.x);
      const py = mapY(p.y);
      const w = p.label.length * 5.3;
      const boxes = spots.map((sp) => {
        const x0 = sp.anchor === 'start' ? px + sp.dx : px + sp.dx - w;
        return { sp, box: { x0, y0: py + sp.dy - 8, x1: x0 + w, y1: py + sp.dy + 2 } };
      });
      const inside = (b: Box) =>
        b.x0 >= area.left && b.x1 <= area.right + 14 && b.y0 >= area.top && b.y1 <= area.bottom;
      const clear = (b: Box) => placed.every((q) => b.x1 < q.x0 || b.x0 > q.x1 || b.y1 < q.y0 || b.y0 > q.y1);
      const chosen =
        boxes.find((c) => inside(c.box) && clear(c.box)) ?? boxes.find((c) => clear(c.box)) ?? boxes[0]!;
      placed.push(chosen.box);
      out.push(
        `<text class="point-label" x="${fmt(px + chosen.sp.dx)}" y="${fmt(py + chosen.sp.dy)}" text-anchor="${chosen.sp.anchor}" font-size="9" fill="#333">${escapeHtml(p.label)}</text>`,
      );
    }
  return out.length ? `<g class="point-labels">${out.join('')}</g>` : '';
}

/** Lays legend entries out in rows under the plot; returns the SVG and the height it takes. */
function legend(
  entries: { name: string; line: LineStyle; marker: MarkerShape; color: string }[],
  width: number,
  top: number,
): { svg: string; height: number } {
  const items: string[] = [];
  let x = MARGIN.left;
  let y = top + 10;
  for (const e of entries) {
    const w = 30 + e.name.length * CHAR_WIDTH + 14;
    if (x + w > width - 4 && x > MARGIN.left) {
      x = MARGIN.left;
      y += 17;
    }
    items.push(
      `<g class="legend-item">${swatch(e.line, e.marker, e.color, x, y)}<text x="${x + 28}" y="${y + 4}">${escapeHtml(e.name)}</text></g>`,
    );
    x += w;
  }
  return {
    svg: `<g class="legend" font-size="11">${items.join('')}</g>`,
    height: entries.length ? y - top + 12 : 0,
  };
}

function finite(...vs: (number | undefined)[]): number[] {
  return vs.filter((v): v is number => v !== undefined && Number.isFinite(v));
}

/**
 * Renders `spec` as an HTML `<figure class="plot">` holding a title, an inline SVG and a caption.
 * Points with a non-finite coordinate (or a non-positive one on a log axis) are left out; a spec with no
 * points left renders as `<figure class="plot-missing">` saying so.
 *
 * @example
 * const html = renderPlot({
 *   id: 'fd-vs-flops', title: 'Quality vs training compute',
 *   x: { label: 'training compute', unit: 'FLOPs', scale: 'log' }, y: { label: 'FD', unit: 'FD' },
 *   series: [{ name: 'next-token', color: '#009E73', points: [{ x: 1e12, y: 40 }, { x: 1e13, y: 31 }] }],
 * });
 */
export function renderPlot(spec: PlotSpec): string {
  const width = spec.width ?? 520;
  const height = spec.height ?? 300;
  const xKind = spec.x.scale ?? 'linear';
  const yKind = spec.y.scale ?? 'linear';
  const okX = (v: number) => Number.isFinite(v) && (xKind === 'linear' || v > 0);
  const okY = (v: number) => Number.isFinite(v) && (yKind === 'linear' || v > 0);
  const series = spec.series.map((s) => ({
    ...s,
    points: s.points.filter((p) => okX(p.x) && okY(p.y)),
    band: (s.band ?? []).filter((b) => okX(b.x) && okY(b.low) && okY(b.high)),
  }));
  const refs = spec.references ?? [];
  if (series.every((s) => s.points.length === 0))
    return `<figure class="plot-missing" data-plot="${escapeHtml(spec.id)}"><h3>${escapeHtml(spec.title)}</h3><p>No data for this plot in the run yet.</p></figure>`;
  const xs = [
    ...series.flatMap((s) => [...s.points.map((p) => p.x), ...s.band.map((b) => b.x)]),
    ...finite(...refs.map((r) => r.x)),
  ];
  const ys = [
    ...series.flatMap((s) => [
      ...s.points.flatMap((p) => finite(p.y, p.yLow, p.yHigh)),
      ...s.band.flatMap((b) => [b.low, b.high]),
    ]),
    ...finite(...refs.map((r) => r.y)),
    ...(spec.y.include ?? []),
  ];
  const xScale = makeScale(xKind, paddedDomain([...xs, ...(spec.x.include ?? [])], xKind), [
    MARGIN.left,
    width - MARGIN.right,
  ]);
  const yScale = makeScale(yKind, paddedDomain(ys, yKind), [height - MARGIN.bottom, MARGIN.top]);
  const [left, right] = xScale.range;
  const [bottom, top] = yScale.range;
  const clip = `clip-${spec.id}`;
  const parts: string[] = [];

  // 1. grid and ticks
  const xTicks = ticks(xScale);
  const yTicks = ticks(yScale);
  parts.push('<g class="grid" stroke="#e4e4e4" stroke-width="1">');
  for (const t of xTicks)
    parts.push(
      `<line x1="${fmt(xScale.map(t.value))}" y1="${top}" x2="${fmt(xScale.map(t.value))}" y2="${bottom}"/>`,
    );
  for (const t of yTicks)
    parts.push(
      `<line x1="${left}" y1="${fmt(yScale.map(t.value))}" x2="${right}" y2="${fmt(yScale.map(t.value))}"/>`,
    );
  parts.push('</g>');
  parts.push(
    `<g class="axis x" font-size="10" text-anchor="middle"><line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`,
    ...xTicks.map(
      (t) =>
        `<g class="tick"><line x1="${fmt(xScale.map(t.value))}" y1="${bottom}" x2="${fmt(xScale.map(t.value))}" y2="${bottom + 4}" stroke="#333"/><text x="${fmt(xScale.map(t.value))}" y="${bottom + 16}">${tickText(t)}</text></g>`,
    ),
    '</g>',
    `<g class="axis y" font-size="10" text-anchor="end"><line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`,
    ...yTicks.map(
      (t) =>
        `<g class="tick"><line x1="${left - 4}" y1="${fmt(yScale.map(t.value))}" x2="${left}" y2="${fmt(yScale.map(t.value))}" stroke="#333"/><text x="${left - 7}" y="${fmt(yScale.map(t.value) + 3.5)}">${tickText(t)}</text></g>`,
    ),
    '</g>',
  );
  const axisTitle = (a: AxisSpec) =>
    escapeHtml(`${a.label} (${a.unit})${a.scale === 'log' ? ', log scale' : ''}`);
  parts.push(
    `<text class="axis-label x" x="${fmt((left + right) / 2)}" y="${bottom + 36}" text-anchor="middle" font-size="12">${axisTitle(spec.x)}</text>`,
    `<text class="axis-label y" transform="translate(14 ${fmt((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${axisTitle(spec.y)}</text>`,
  );

  // 2. data, clipped to the plot area
  parts.push(`<g clip-path="url(#${clip})">`);
  for (const s of series) {
    if (s.band.length < 2) continue;
    const upper = s.band.map((b) => `${fmt(xScale.map(b.x))},${fmt(yScale.map(b.high))}`);
    const lower = [...s.band].reverse().map((b) => `${fmt(xScale.map(b.x))},${fmt(yScale.map(b.low))}`);
    parts.push(
      `<path class="band" d="M${[...upper, ...lower].join('L')}Z" fill="${s.color}" fill-opacity="0.14" stroke="none"/>`,
    );
  }
  for (const r of refs) {
    const dash = DASH[r.line ?? 'dashed'];
    if (r.y !== undefined && okY(r.y))
      parts.push(
        `<line class="reference" x1="${left}" x2="${right}" y1="${fmt(yScale.map(r.y))}" y2="${fmt(yScale.map(r.y))}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`,
      );
    if (r.x !== undefined && okX(r.x))
      parts.push(
        `<line class="reference" y1="${top}" y2="${bottom}" x1="${fmt(xScale.map(r.x))}" x2="${fmt(xScale.map(r.x))}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`,
      );
  }
  for (const s of series) {
    const line = s.line ?? 'solid';
    const shape = s.marker ?? 'circle';
    const g: string[] = [`<g class="series" data-series="${escapeHtml(s.name)}">`];
    if (line !== 'none' && s.points.length > 1)
      g.push(
        `<path d="M${s.points.map((p) => `${fmt(xScale.map(p.x))},${fmt(yScale.map(p.y))}`).join('L')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${DASH[line]}"/>`,
      );
    for (const p of s.points) {
      if (p.yLow === undefined || p.yHigh === undefined || !okY(p.yLow) || !okY(p.yHigh)) continue;
      const x = fmt(xScale.map(p.x));
      const y0 = fmt(yScale.map(p.yLow));
      const y1 = fmt(yScale.map(p.yHigh));
      g.push(
        `<path class="error-bar" d="M${x},${y0}L${x},${y1}M${fmt(+x - 3)},${y0}L${fmt(+x + 3)},${y0}M${fmt(+x - 3)},${y1}L${fmt(+x + 3)},${y1}" stroke="${s.color}" stroke-width="1.2" fill="none"/>`,
      );
    }
    for (const p of s.points) g.push(marker(shape, xScale.map(p.x), yScale.map(p.y), s.color));
    g.push('</g>');
    parts.push(g.join(''));
  }
  parts.push('</g>');
  parts.push(placeLabels(series, xScale.map, yScale.map, { left, right, top, bottom }));

  // 3. legend below the axes
  const entries = [
    ...series.map((s) => ({
      name: s.name,
      line: s.line ?? 'solid',
      marker: s.marker ?? 'circle',
      color: s.color,
    })),
    ...refs.map((r) => ({ name: r.name, line: r.line ?? 'dashed', marker: 'none' as const, color: r.color })),
  ];
  const leg = legend(entries, width, height);
  const total = height + leg.height + 4;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${fmt(total)}" width="${width}" height="${fmt(total)}" role="img" aria-label="${escapeHtml(spec.title)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">` +
    `<defs><clipPath id="${clip}"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath></defs>` +
    parts.join('') +
    leg.svg +
    '</svg>';
  const caption = spec.caption ? `<figcaption>${escapeHtml(spec.caption)}</figcaption>` : '';
  return `<figure class="plot" id="plot-${escapeHtml(spec.id)}" data-plot="${escapeHtml(spec.id)}"><h3>${escapeHtml(spec.title)}</h3>${svg}${caption}</figure>`;
}
