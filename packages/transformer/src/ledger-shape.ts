/**
 * The bridge from a `TransformerConfig` to the FLOP ledger (`@flopmatch/flops`): every FLOP and parameter
 * number of the backbone and of the objectives built on it is read off the ledger's `TransformerShape`,
 * never re-derived here.
 *
 * The ledger prices a whole network (prompt embedding, input head, conditioning MLP, blocks, output head);
 * `ledgerShape` describes that network for an objective's setup, and `backboneFlops` / `backboneParams`
 * keep only the backbone's share (blocks, final norm, adaLN modulation, positions).
 */
import { type AttentionMaskKind, addFlops, ConfigError, type FlopCount } from '@flopmatch/core';
import {
  BACKBONE_TERMS,
  type CountOptions,
  type LedgerMaskKind,
  linearParams,
  type PositionScheme,
  parseTransformerShape,
  sumTerms,
  type TransformerFlops,
  type TransformerShape,
  type TransformerShapeInput,
  transformerFlops,
  transformerParams,
} from '@flopmatch/flops';
import type { TransformerConfig } from './transformer.js';

/** How the diffusion timestep enters (the ledger's `conditioning`); absent for token objectives. */
export interface TimestepConditioning {
  /** `timestep-token`: one extra prefix token; `adaln-*`: the modulation vector (must match the backbone). */
  mode: 'timestep-token' | 'adaln-single' | 'adaln-zero';
  /** Sinusoidal features fed to the timestep MLP (DiT: 256). */
  frequencyDim: number;
}

/** What an objective puts around the backbone, for the ledger. */
export interface LedgerSetup {
  /** Display name (a preset id). Optional. */
  name?: string;
  /** Prompt tokens L at the start of the prefix. */
  promptLength: number;
  /** Vocabulary of the prompt embedding table; 0 = the prefix arrives embedded (not priced). */
  promptVocab: number;
  /**
   * Positions of the prompt prefix: `learned` (a [L, d] table of its own, as `@flopmatch/text`'s
   * `TextPrefixEmbedding`), `fixed` or `none`. Default `learned` when the prompt is embedded here
   * (promptVocab > 0), else `none` (an embedded prefix brings its positions with it).
   */
  promptPositions?: PositionScheme;
  /** Token positions T (image tokens or patches); at most the grid. */
  tokenLength: number;
  /** The mask the objective trains with. */
  mask: AttentionMaskKind;
  /** What feeds the token positions: an embedding table (token ids) or a linear patch-in. */
  input: { kind: 'embedding'; vocab: number } | { kind: 'linear'; features: number; bias: boolean };
  /** The head on the token positions: Linear(C, features). */
  output: { features: number; bias: boolean };
  /** The diffusion timestep. Default: none. */
  timestep?: TimestepConditioning;
}

/** The ledger's name for the backbone's position scheme (the image tokens'; the prefix brings its own). */
function ledgerPositions(config: TransformerConfig): TransformerShape['positions'] {
  return config.positions === 'learned' ? 'learned' : config.positions === 'sincos-2d' ? 'fixed' : 'none';
}

/** The ledger's mask: `causal` with a bidirectional prefix is the ledger's `prefix-causal`. */
export function ledgerMask(config: TransformerConfig, mask: AttentionMaskKind): LedgerMaskKind {
  return mask === 'causal' && config.prefixMask === 'bidirectional' ? 'prefix-causal' : mask;
}

/**
 * The ledger description of the network an objective builds around this backbone.
 *
 * @example
 * const shape = ledgerShape(net.config, { promptLength: 16, promptVocab: 512, tokenLength: 64, mask: 'causal',
 *   input: { kind: 'embedding', vocab: 513 }, output: { features: 512, bias: false } });
 * transformerFlops(shape).training; // one example, forward + backward
 */
export function ledgerShape(config: TransformerConfig, setup: LedgerSetup): TransformerShape {
  const timestep = setup.timestep;
  const wanted = timestep && timestep.mode !== 'timestep-token' ? timestep.mode : 'none';
  if (wanted !== config.conditioning) {
    throw new ConfigError('ledger setup', [
      {
        path: 'timestep.mode',
        value: JSON.stringify(timestep?.mode ?? 'none'),
        message: `the backbone's conditioning is '${config.conditioning}'`,
        fix: `use the same adaLN mode in both, or 'timestep-token' with conditioning 'none'`,
      },
    ]);
  }
  const shape: TransformerShapeInput = {
    type: 'transformer',
    ...(setup.name ? { name: setup.name } : {}),
    layers: config.layers,
    width: config.width,
    heads: config.heads,
    mlpRatio: config.mlpRatio,
    norm: config.norm,
    bias: config.bias,
    prefixLength: setup.promptLength,
    prefixVocab: setup.promptLength > 0 ? setup.promptVocab : 0,
    tokenLength: setup.tokenLength,
    mask: ledgerMask(config, setup.mask),
    positions: ledgerPositions(config), // the image tokens'
    promptPositions:
      setup.promptPositions ?? (setup.promptLength > 0 && setup.promptVocab > 0 ? 'learned' : 'none'),
    input: setup.input,
    output: { ...setup.output, tied: false },
    conditioning: timestep
      ? timestep.mode === 'timestep-token'
        ? { mode: 'timestep-token', frequencyDim: timestep.frequencyDim, position: 'none' } // identified by its MLP output
        : { mode: timestep.mode, frequencyDim: timestep.frequencyDim, classes: 0 }
      : { mode: 'none' },
  };
  return parseTransformerShape(shape, 'ledger setup');
}

/** The ledger terms that belong to the backbone; the ledger's own list, re-exported. */
export { BACKBONE_TERMS } from '@flopmatch/flops';

/** A pass of the backbone alone. */
export interface BackbonePass {
  /** Prefix positions P (everything before the image tokens, already embedded). */
  prefixLength: number;
  /** Token positions T. */
  tokenLength: number;
  mask: AttentionMaskKind;
}

/** Backbone-only ledger FLOPs of one sequence: forward, backward and training (forward + backward). */
export interface BackboneFlops {
  forward: FlopCount;
  backward: FlopCount;
  training: FlopCount;
}

/** A placeholder head for pricing the backbone alone (its terms are dropped). */
const NO_HEADS = {
  input: { kind: 'linear', features: 1, bias: false },
  output: { features: 1, bias: false },
} as const;

/**
 * FLOPs of the blocks and final norm (and adaLN modulation) for one sequence of P + T positions, from the
 * ledger's terms; embeddings, heads and the timestep MLP are the objective's.
 *
 * @example
 * backboneFlops(net.config, { prefixLength: 16, tokenLength: 64, mask: 'causal' }).forward.model;
 */
export function backboneFlops(
  config: TransformerConfig,
  pass: BackbonePass,
  count: Partial<CountOptions> = {},
): BackboneFlops {
  const priced = transformerFlops(
    ledgerShape(config, {
      promptLength: pass.prefixLength,
      promptVocab: 0,
      tokenLength: pass.tokenLength,
      mask: pass.mask,
      ...NO_HEADS,
      ...(config.conditioning !== 'none' ? { timestep: { mode: config.conditioning, frequencyDim: 1 } } : {}),
    }),
    count,
  );
  return sumBackboneTerms(priced);
}

/** Sums the backbone's share of a priced network (see `BACKBONE_TERMS`), in the ledger's term order. */
export function sumBackboneTerms(priced: TransformerFlops): BackboneFlops {
  const { forward, backward } = sumTerms(priced.terms, BACKBONE_TERMS);
  return { forward, backward, training: addFlops(forward, backward) };
}

/**
 * The backbone's parameters according to the ledger: the network's total minus the placeholder heads and
 * the timestep MLP (the objective's), for the full grid of T = height · width token positions.
 *
 * @example
 * backboneParams(net.config) === net.parameterCount(); // true
 */
export function backboneParams(config: TransformerConfig): number {
  const f = 1;
  const p = transformerParams(
    ledgerShape(config, {
      promptLength: 0,
      promptVocab: 0,
      tokenLength: config.grid.height * config.grid.width,
      mask: 'bidirectional',
      ...NO_HEADS,
      ...(config.conditioning !== 'none' ? { timestep: { mode: config.conditioning, frequencyDim: f } } : {}),
    }),
  );
  const timestepMlp =
    config.conditioning !== 'none'
      ? linearParams(f, config.width, true) + linearParams(config.width, config.width, true)
      : 0;
  return p.total - p.parts.inputEmbedding - p.parts.output - timestepMlp;
}
