/**
 * The size-preset table printed in the README (and checked against it by a test): for each preset its depth,
 * width and heads, the backbone's non-embedding parameters, and the whole next-token model at the default
 * setup as the ledger prices it (parameters; forward and training FLOPs per example, model / executed).
 */
import { formatCount, transformerFlops, transformerParams } from '@flopmatch/flops';
import { backboneParams } from './ledger-shape.js';
import { presetConfig, SIZE_PRESETS, type SizePresetId, TRANSFORMER_PRESETS } from './size-presets.js';
import { parseTransformerConfig } from './transformer.js';

/** Markdown rows of the preset table, header first. */
export function presetTable(): string[] {
  const rows = [
    '| preset | L | d | H | backbone params (non-embedding) | model params, total / non-embedding | forward FLOPs, model / executed | training FLOPs per example, model / executed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const id of Object.keys(SIZE_PRESETS) as SizePresetId[]) {
    const { layers, width, heads } = SIZE_PRESETS[id];
    const config = parseTransformerConfig(presetConfig(id));
    const positions = config.grid.height * config.grid.width * width;
    const shape = TRANSFORMER_PRESETS[id];
    const p = transformerParams(shape);
    const f = transformerFlops(shape);
    const pair = (a: number, b: number) => `${formatCount(a)} / ${formatCount(b)}`;
    rows.push(
      `| \`${id}\` | ${layers} | ${width} | ${heads} | ${formatCount(backboneParams(config) - positions)} | ${pair(p.total, p.nonEmbedding)} | ${pair(f.forward.model, f.forward.executed)} | ${pair(f.training.model, f.training.executed)} |`,
    );
  }
  return rows;
}
