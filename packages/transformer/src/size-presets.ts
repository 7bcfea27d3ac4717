/**
 * The size grid every objective shares: five backbones from ~0.1 M to ~25 M non-embedding parameters,
 * growing depth and width together as DiT (Peebles & Xie, arXiv:2212.09748, Table 1: S/B/L/XL) and
 * LlamaGen (Sun et al., arXiv:2406.06525, Table 1: B/L/XL/XXL) do. Each step multiplies the non-embedding
 * parameters by about 4 (12·L·d² per block stack); head widths stay multiples of 4 so 2-D RoPE and sin-cos
 * positions work at every size.
 *
 * `presetShapes(setup)` turns the grid into ledger descriptions (`TransformerShapeInput` of
 * `@flopmatch/flops`) for one objective's setup; `TRANSFORMER_PRESETS` is the grid at the default setup, in
 * the shape `createFlopsCommand({ presets })` takes.
 */
import type { TransformerShapeInput } from '@flopmatch/flops';
import { type LedgerSetup, ledgerShape } from './ledger-shape.js';
import { parseTransformerConfig, type TransformerConfigInput } from './transformer.js';

/** Depth, width and heads of one size. */
export interface SizePreset {
  /** Blocks L. */
  layers: number;
  /** Model width d. */
  width: number;
  /** Attention heads H (head width d / H ∈ {16, 24, 32, 52}). */
  heads: number;
}

/** The five sizes, smallest first. Ids are prefixed `fm-` so they never clash with the ledger's golden presets. */
export const SIZE_PRESETS: Readonly<
  Record<'fm-xs' | 'fm-s' | 'fm-m' | 'fm-l' | 'fm-xl', Readonly<SizePreset>>
> = Object.freeze({
  'fm-xs': Object.freeze({ layers: 2, width: 64, heads: 4 }),
  'fm-s': Object.freeze({ layers: 4, width: 96, heads: 4 }),
  'fm-m': Object.freeze({ layers: 6, width: 160, heads: 5 }),
  'fm-l': Object.freeze({ layers: 8, width: 256, heads: 8 }),
  'fm-xl': Object.freeze({ layers: 12, width: 416, heads: 8 }),
});

/** Id of a size preset. */
export type SizePresetId = keyof typeof SIZE_PRESETS;

/** The image grid of the default setup: 8 × 8 latent positions (a 32 × 32 image through a 4× codec). */
export const DEFAULT_GRID = Object.freeze({ height: 8, width: 8 });

/**
 * The default setup the presets are priced at: a next-token model over an 8 × 8 grid of 512 VQ codes with a
 * 16-token prompt from a 512-entry BPE vocabulary; the input table has one more row for the start-of-image
 * token. (Same prompt and grid as the ledger's `demo` preset.)
 */
export const DEFAULT_PRESET_SETUP: Readonly<Omit<LedgerSetup, 'name'>> = Object.freeze({
  promptLength: 16,
  promptVocab: 512,
  tokenLength: 64,
  mask: 'causal',
  input: Object.freeze({ kind: 'embedding', vocab: 513 }),
  output: Object.freeze({ features: 512, bias: false }),
});

/**
 * The backbone config of a size preset over `grid`, with any other fields from `extra`.
 *
 * @example
 * new Transformer(presetConfig('fm-s', { height: 8, width: 8 }), rng);
 */
export function presetConfig(
  id: SizePresetId,
  grid: { height: number; width: number } = DEFAULT_GRID,
  extra: Partial<TransformerConfigInput> = {},
): TransformerConfigInput {
  return { ...SIZE_PRESETS[id], grid, ...extra };
}

/**
 * Ledger descriptions of every size for one setup, keyed by preset id (what `createFlopsCommand` takes).
 *
 * @example
 * createFlopsCommand({ presets: presetShapes(DEFAULT_PRESET_SETUP) });
 */
export function presetShapes(
  setup: Omit<LedgerSetup, 'name'> = DEFAULT_PRESET_SETUP,
  extra: Partial<TransformerConfigInput> = {},
): Record<SizePresetId, TransformerShapeInput> {
  const out = {} as Record<SizePresetId, TransformerShapeInput>;
  for (const id of Object.keys(SIZE_PRESETS) as SizePresetId[]) {
    const config = parseTransformerConfig(presetConfig(id, DEFAULT_GRID, extra), `preset ${id}`);
    out[id] = ledgerShape(config, { ...setup, name: id });
  }
  return out;
}

/** The size grid at the default setup, for `createFlopsCommand({ presets: TRANSFORMER_PRESETS })`. */
export const TRANSFORMER_PRESETS: Readonly<Record<SizePresetId, TransformerShapeInput>> = Object.freeze(
  presetShapes(),
);
