/**
 * What `flopmatch flops` reports for one model: a serialisable object (printed by `--json`) and its text
 * rendering. Extensions append sections; both renderings include them.
 */
import type { FlopCount } from '@flopmatch/core';
import type { CountOptions } from '../count-options.js';
import { type ConvNetFlops, convNetFlops } from '../models/conv-net-flops.js';
import { decodeSchedule } from '../models/decode-schedule.js';
import { type TransformerFlops, transformerFlops } from '../models/transformer-flops.js';
import { type TransformerParams, transformerParams } from '../models/transformer-params.js';
import { formatCount, renderTable } from './format.js';
import type { ModelDescription } from './load-model.js';

/** One labelled FLOP count in a report table. */
export interface FlopsRow {
  label: string;
  flops: FlopCount;
}

/** A titled table of FLOP counts (the built-in ones, or an extension's). */
export interface FlopsSection {
  title: string;
  rows: FlopsRow[];
  /** Lines printed under the table (assumptions, parameters the rows depend on). */
  notes?: string[];
  /** Extra machine-readable data, included in `--json` output only. */
  data?: Record<string, unknown>;
}

/** The whole report for one model. */
export interface FlopsReport {
  /** Preset id or file path. */
  source: string;
  name: string | undefined;
  type: ModelDescription['type'];
  /** The parsed description priced. */
  description: ModelDescription;
  /** Optional op families counted. */
  count: CountOptions;
  /** Parameters: total, embedding tables, and non-embedding (transformers); total (conv nets). */
  params: { total: number; embedding?: number; nonEmbedding?: number };
  /** Built-in sections, then one per extension that answered. */
  sections: FlopsSection[];
  /** Extension sections by extension name (also in `sections`). */
  extensions: Record<string, FlopsSection>;
}

/** The priced model behind a report, handed to extensions. */
export type PricedModel =
  | { type: 'transformer'; flops: TransformerFlops; params: TransformerParams }
  | { type: 'conv-net'; flops: ConvNetFlops };

/** Prices a description under `count`. */
export function priceModel(description: ModelDescription, count: CountOptions): PricedModel {
  if (description.type === 'transformer') {
    return {
      type: 'transformer',
      flops: transformerFlops(description, count),
      params: transformerParams(description),
    };
  }
  return { type: 'conv-net', flops: convNetFlops(description, count) };
}

/** The built-in sections of a report. */
export function baseReport(
  source: string,
  description: ModelDescription,
  priced: PricedModel,
  count: CountOptions,
): FlopsReport {
  const sections: FlopsSection[] = [];
  let params: FlopsReport['params'];
  if (priced.type === 'transformer') {
    const f = priced.flops;
    const s = f.shape;
    sections.push({
      title: `per example (S = ${f.positions} positions, T = ${s.tokenLength} tokens, ${s.mask})`,
      rows: [
        { label: 'forward', flops: f.forward },
        { label: 'training step (forward + backward)', flops: f.training },
        { label: 'forward / token', flops: f.perToken.forward },
        { label: 'training / token', flops: f.perToken.training },
      ],
    });
    if (
      s.mask !== 'bidirectional' &&
      s.prefixLength + (s.conditioning.mode === 'timestep-token' ? 1 : 0) > 0
    ) {
      const d = decodeSchedule(s, { count });
      const last = d.steps[d.steps.length - 1] ?? d.prefill;
      sections.push({
        title: 'KV-cached decode (inference, one sequence)',
        rows: [
          { label: 'prefill', flops: d.prefill },
          { label: 'step 1 (first cached token)', flops: d.steps[1] ?? last },
          { label: `step ${d.steps.length - 1} (last)`, flops: last },
          { label: 'total', flops: d.total },
        ],
      });
    }
    params = {
      total: priced.params.total,
      embedding: priced.params.embedding,
      nonEmbedding: priced.params.nonEmbedding,
    };
  } else {
    const f = priced.flops;
    sections.push({
      title: `per image (${s3(f.shape.input)} → ${s3(f.output)})`,
      rows: [
        { label: 'forward', flops: f.forward },
        { label: 'training step (forward + backward)', flops: f.training },
      ],
    });
    params = { total: f.params };
  }
  return {
    source,
    name: description.name,
    type: description.type,
    description,
    count,
    params,
    sections,
    extensions: {},
  };
}

function s3(m: { height: number; width: number; channels: number }): string {
  return `${m.height}×${m.width}×${m.channels}`;
}

function countLabel(count: CountOptions): string {
  const { embedding, ...families } = count;
  const on = Object.entries(families)
    .filter(([, v]) => v)
    .map(([k]) => k);
  const counted = on.length ? `matmuls + ${on.join(', ')}` : 'matmuls, convs and bias adds only';
  return `${counted}; embeddings executed as ${embedding === 'gather' ? 'a gather' : 'one-hot matmuls'}`;
}

/** Renders a report as the text `flopmatch flops` prints. */
export function renderReport(report: FlopsReport): string {
  const lines: string[] = [];
  const d = report.description;
  const what =
    d.type === 'transformer'
      ? `transformer L=${d.layers} d=${d.width} H=${d.heads}, P=${d.prefixLength} T=${d.tokenLength}, ${d.mask}, ${d.conditioning.mode}`
      : `conv-net, ${d.layers.length} layers`;
  lines.push(`${report.name ?? report.source} (${report.source}): ${what}`);
  lines.push(
    `convention: multiply-add = 2 FLOPs, backward = 2 × forward; counted: ${countLabel(report.count)}`,
  );
  for (const section of report.sections) {
    lines.push('');
    const rows = [[section.title, 'model', 'executed']];
    for (const r of section.rows)
      rows.push([`  ${r.label}`, formatCount(r.flops.model), formatCount(r.flops.executed)]);
    lines.push(renderTable(rows));
    for (const note of section.notes ?? []) lines.push(`  ${note}`);
  }
  lines.push('');
  const p = report.params;
  lines.push(
    p.nonEmbedding === undefined
      ? `parameters: ${formatCount(p.total)} (${p.total})`
      : `parameters: ${formatCount(p.total)} total (${p.total}), ${formatCount(p.nonEmbedding)} non-embedding (${p.nonEmbedding})`,
  );
  return `${lines.join('\n')}\n`;
}
