/**
 * The flopmatch Transformer backbone, top-down in one file (nanoGPT's `model.py` layout):
 * norm → attention → MLP → block → config → model. One backbone serves all three objectives of
 * Kilian, Jampani & Zettlemoyer, "Computational Tradeoffs in Image Synthesis", arXiv:2405.13218 (§3: the same
 * Transformer trained with diffusion, masked-token and next-token prediction).
 *
 * Papers:
 * - Vaswani et al., "Attention Is All You Need", arXiv:1706.03762, §3.1–3.3 (blocks, multi-head attention, MLP).
 * - Pre-norm blocks and GPT-2's init: Radford et al. 2019 (GPT-2), as in nanoGPT.
 * - Text prefix: Sun et al., "Autoregressive Model Beats Diffusion: Llama for Scalable Image Generation"
 *   (LlamaGen), arXiv:2406.06525, §2.2 — the caption's embeddings precede the image tokens.
 * - Timestep conditioning: Peebles & Xie, "Scalable Diffusion Models with Transformers" (DiT), arXiv:2212.09748,
 *   §3.2 (in-context token and adaLN-Zero); Chen et al., "PixArt-α", arXiv:2310.00426, §2.3 (adaLN-single).
 * - Positions: `sincos-2d.ts` (DiT/MAE) and `rope-2d.ts` (RoFormer, axial 2-D).
 *
 * Legend:
 *   B batch, P prefix positions (prompt [+ timestep token]), T image-token positions, S = P + T positions,
 *   C model width d, H heads, D = C / H head width, F = round(mlpRatio · C) MLP hidden width, L blocks.
 */
import type {
  AttentionMaskKind,
  Backbone,
  BackboneInput,
  FlopCount,
  KVCache,
  RandomSource,
} from '@flopmatch/core';
import { FlopmatchError, parseConfig } from '@flopmatch/core';
import {
  cachedAttention,
  createCacheBuffer,
  gelu,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  MultiHeadAttention,
  normalInit,
  RMSNorm,
  ShapeError,
  scaledDotProductAttention,
  silu,
  writeCacheRows,
} from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { backboneFlops } from './ledger-shape.js';
import { applyRope2d, rope2dTables } from './rope-2d.js';
import { sincos2d } from './sincos-2d.js';

// ─── norm ──────────────────────────────────────────────────────────────────────────────────────────────

type Norm = LayerNorm | RMSNorm;

/** Pre-norm: LayerNorm (arXiv:1607.06450) or RMSNorm (arXiv:1910.07467); no affine under adaLN (DiT §3.2). */
function makeNorm(kind: 'layer' | 'rms', dim: number, affine: boolean): Norm {
  return kind === 'layer' ? new LayerNorm(dim, { affine }) : new RMSNorm(dim, { affine });
}

/** adaLN's modulate: x ⊙ (1 + scale) + shift, shift and scale [B, 1, C] (DiT §3.2). */
function modulate(x: tf.Tensor3D, shift: tf.Tensor3D, scale: tf.Tensor3D): tf.Tensor3D {
  return tf.add(tf.mul(x, tf.add(scale, 1)), shift) as tf.Tensor3D;
}

/** The six per-block adaLN vectors, each [B, 1, C], in DiT's order. */
interface BlockModulation {
  shiftAttn: tf.Tensor3D;
  scaleAttn: tf.Tensor3D;
  gateAttn: tf.Tensor3D;
  shiftMlp: tf.Tensor3D;
  scaleMlp: tf.Tensor3D;
  gateMlp: tf.Tensor3D;
}

/** Splits [B, k·C] (or [B, k, C]) into k vectors [B, 1, C]. */
function chunks(m: tf.Tensor, k: number, C: number): tf.Tensor3D[] {
  const B = m.shape[0]!;
  const r = tf.reshape(m, [B, k, C]); // [B, k, C]
  return tf.split(r, k, 1) as tf.Tensor3D[]; // k × [B, 1, C]
}

function blockModulation(m: tf.Tensor, C: number): BlockModulation {
  const [shiftAttn, scaleAttn, gateAttn, shiftMlp, scaleMlp, gateMlp] = chunks(m, 6, C) as [
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
  ];
  return { shiftAttn, scaleAttn, gateAttn, shiftMlp, scaleMlp, gateMlp };
}

// ─── attention ─────────────────────────────────────────────────────────────────────────────────────────

/** What one pass of the blocks needs besides x: the mask and the rotary tables of its positions. */
interface PassContext {
  mask: AttentionMaskKind;
  /** Under `causal`: leading positions that see each other bidirectionally (0 = plain causal). */
  bidirectionalPrefix: number;
  /** cos/sin [S_new, D] for the positions of this pass (2-D RoPE), absent without RoPE. */
  rope: { cos: tf.Tensor2D; sin: tf.Tensor2D } | undefined;
}

/**
 * One layer's cached keys and values: buffers [B, H, capacity, D] allocated with the cache, of which the
 * first `TransformerKVCache.length` positions are filled.
 */
interface LayerCache {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

/** A cache layer and where this pass writes into it. */
interface CacheWrite {
  layer: LayerCache;
  /** Positions already filled before this pass (the new keys go to start … start + S − 1). */
  start: number;
}

/**
 * Multi-head self-attention over [B, S, C] (arXiv:1706.03762 §3.2.2) with optional 2-D RoPE on q and k and
 * an optional KV cache: the new keys/values are written into the cache's buffers in place (O(S) per pass) and
 * the new queries attend over the filled part only.
 */
function selfAttention(
  attn: MultiHeadAttention,
  h: tf.Tensor3D,
  pass: PassContext,
  cache: CacheWrite | undefined,
): tf.Tensor3D {
  let { q, k, v } = attn.projectQkv(h); // 3 × [B, H, S, D]
  if (pass.rope) {
    q = applyRope2d(q, pass.rope.cos, pass.rope.sin);
    k = applyRope2d(k, pass.rope.cos, pass.rope.sin);
  }
  if (!cache) {
    const o = scaledDotProductAttention(q, k, v, {
      mask: pass.mask,
      prefixLength: pass.bidirectionalPrefix,
    }); // [B, H, S, D]
    return attn.mergeHeads(o); // [B, S, C]
  }
  const { layer, start } = cache;
  const [pastK, pastV] = [layer.k, layer.v];
  layer.k = tf.keep(writeCacheRows(pastK, k, start)); // [B, H, capacity, D], rows start … start + S − 1 written
  layer.v = tf.keep(writeCacheRows(pastV, v, start));
  pastK.dispose(); // the buffer lives on in layer.k
  pastV.dispose();
  const attend = { mask: 'causal' as const, prefixLength: pass.bidirectionalPrefix };
  const o =
    start === 0
      ? scaledDotProductAttention(q, k, v, attend) // the first pass (a prefill): its own keys are all there is
      : cachedAttention(q, layer.k, layer.v, { ...attend, length: start + q.shape[2] }); // [B, H, S, D]
  const [B, H, S, D] = o.shape;
  if (S > 1) return attn.mergeHeads(o); // [B, S, C]
  // One position (a decode step): [B, H, 1, D] is already [B, 1, H·D] in memory, so the heads merge
  // without mergeHeads' transpose.
  return attn.proj.forward(tf.reshape(o, [B, 1, H * D])) as tf.Tensor3D; // ·W_O + b → [B, 1, C]
}

// ─── MLP ───────────────────────────────────────────────────────────────────────────────────────────────

/** The position-wise MLP: Linear(C, F) → GELU → Linear(F, C) (arXiv:1706.03762 §3.3, GELU as GPT-2). */
class Mlp extends Module {
  readonly fc: Linear;
  readonly proj: Linear;
  constructor(C: number, F: number, bias: boolean, std: number, layers: number, rng: RandomSource) {
    super();
    this.fc = this.module('fc', new Linear(C, F, { rng: rng.split('fc'), bias, std }));
    this.proj = this.module(
      'proj',
      new Linear(F, C, { rng: rng.split('proj'), bias, std, residualLayers: layers }),
    );
  }
  forward(x: tf.Tensor3D): tf.Tensor3D {
    return this.proj.forward(gelu(this.fc.forward(x))) as tf.Tensor3D; // [B, S, F] → [B, S, C]
  }
}

// ─── block ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A pre-norm block: x + attn(norm₁(x)), then x + mlp(norm₂(x)). Under adaLN each norm output is modulated
 * and each branch gated (DiT §3.2): x + gate ⊙ branch(modulate(norm(x), shift, scale)).
 */
class Block extends Module {
  readonly norm1: Norm;
  readonly attn: MultiHeadAttention;
  readonly norm2: Norm;
  readonly mlp: Mlp;
  /** adaLN-Zero: SiLU(c) → Linear(C, 6C), zero-initialised (DiT §3.2). */
  readonly modulation: Linear | undefined;
  /** adaLN-single: this block's learned [6, C] table added to the shared modulation (PixArt-α §2.3). */
  readonly table: tf.Variable | undefined;

  constructor(config: TransformerConfig, rng: RandomSource) {
    super();
    const { width: C, heads, layers, bias, initStd: std, norm, conditioning } = config;
    const affine = conditioning === 'none';
    this.norm1 = this.module('norm1', makeNorm(norm, C, affine));
    this.attn = this.module(
      'attn',
      new MultiHeadAttention(C, heads, { rng: rng.split('attn'), bias, residualLayers: layers }),
    );
    this.norm2 = this.module('norm2', makeNorm(norm, C, affine));
    this.mlp = this.module('mlp', new Mlp(C, mlpWidth(config), bias, std, layers, rng.split('mlp')));
    this.modulation =
      conditioning === 'adaln-zero'
        ? this.module('modulation', new Linear(C, 6 * C, { rng: rng.split('modulation'), init: 'zeros' }))
        : undefined;
    this.table =
      conditioning === 'adaln-single'
        ? this.param('scale_shift_table', normalInit([6, C], 1 / Math.sqrt(C), rng.split('table')), {
            decay: false,
          })
        : undefined;
  }

  forward(x: tf.Tensor3D, pass: PassContext, mod: BlockModulation | undefined, cache?: CacheWrite) {
    let h = this.norm1.forward(x) as tf.Tensor3D; // [B, S, C]
    if (mod) h = modulate(h, mod.shiftAttn, mod.scaleAttn);
    let a = selfAttention(this.attn, h, pass, cache); // [B, S, C]
    if (mod) a = tf.mul(a, mod.gateAttn) as tf.Tensor3D;
    x = tf.add(x, a) as tf.Tensor3D; // residual
    h = this.norm2.forward(x) as tf.Tensor3D;
    if (mod) h = modulate(h, mod.shiftMlp, mod.scaleMlp);
    let m = this.mlp.forward(h);
    if (mod) m = tf.mul(m, mod.gateMlp) as tf.Tensor3D;
    return tf.add(x, m) as tf.Tensor3D; // residual
  }
}

// ─── config ────────────────────────────────────────────────────────────────────────────────────────────

const positive = z.number().int().positive();

/** The fields of a Transformer config, before the cross-field checks (`TransformerConfigSchema`). */
export const TransformerFieldsSchema = z.strictObject({
  /** Discriminates saved configs: always `backbone:transformer`. */
  type: z.literal('backbone:transformer').default('backbone:transformer'),
  /** Schema version. Default 1. */
  version: z.literal(1).default(1),
  /** Blocks L. Required. */
  layers: positive,
  /** Model width C = d. Required. */
  width: positive,
  /** Attention heads H; must divide the width. Required. */
  heads: positive,
  /** MLP hidden width as a multiple of C (F = round(mlpRatio · C)). Default 4 (GPT-2, DiT). */
  mlpRatio: z.number().positive().default(4),
  /** Block normalisation: `layer` (GPT-2, DiT) or `rms` (LLaMA, LlamaGen). Default `layer`. */
  norm: z.enum(['layer', 'rms']).default('layer'),
  /** Biases on the qkv, attention-output and MLP linears. Default true (GPT-2). */
  bias: z.boolean().default(true),
  /** The image-token grid (T = height · width); positions follow raster order. Required. */
  grid: z.strictObject({ height: positive, width: positive }),
  /**
   * Absolute positions added to the image tokens: a `learned` [T, C] table (GPT-2, LlamaGen), fixed `sincos-2d`
   * (DiT, MAE; C must be a multiple of 4) or `none` (e.g. with RoPE). Default `learned`. The prompt prefix
   * carries its own positions (`@flopmatch/text`).
   */
  positions: z.enum(['learned', 'sincos-2d', 'none']).default('learned'),
  /** Rotary positions on queries and keys: `2d` axial RoPE over the grid (head width a multiple of 4) or `none`. Default `none`. */
  rope: z.enum(['none', '2d']).default('none'),
  /**
   * How a conditioning vector c (`BackboneInput.modulation`, diffusion's timestep) enters the blocks:
   * `none` (no vector: the timestep, if any, is a prefix token — DiT's in-context variant), `adaln-single`
   * (one shared SiLU → Linear(C, 6C) plus a [6, C] table per block, PixArt-α §2.3: +6C per block) or
   * `adaln-zero` (SiLU → Linear(C, 6C) per block, zero-initialised, DiT §3.2: +6C² per block). Default `none`.
   */
  conditioning: z.enum(['none', 'adaln-single', 'adaln-zero']).default('none'),
  /**
   * Under the causal mask, how prefix positions see each other: `causal` (plain causal over the whole
   * sequence, LlamaGen) or `bidirectional` (a prefix LM). Image tokens always see the whole prefix. Default
   * `causal`.
   */
  prefixMask: z.enum(['causal', 'bidirectional']).default('causal'),
  /** Standard deviation of the N(0, std²) weight init; residual projections get std/√(2L) (GPT-2). Default 0.02. */
  initStd: z.number().positive().default(0.02),
});

/**
 * Cross-field checks of a Transformer config, reusable by configs that embed one (pass the embedding path).
 * Adds zod issues naming the field and the fix.
 */
export function refineTransformerFields(
  v: { width: number; heads: number; positions?: string; rope?: string },
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (v.width % v.heads !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'heads'],
      message: `heads must divide width ${v.width} (head width = width / heads); pick a divisor of ${v.width}`,
    });
    return;
  }
  if (v.positions === 'sincos-2d' && v.width % 4 !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'positions'],
      message: `sincos-2d positions need a width divisible by 4 (got ${v.width}); use 'learned' or change the width`,
    });
  }
  if (v.rope === '2d' && (v.width / v.heads) % 4 !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'rope'],
      message: `2-D RoPE needs a head width (width / heads = ${v.width / v.heads}) divisible by 4; change heads or set rope 'none'`,
    });
  }
}

/** Zod schema of `TransformerConfig`: the fields plus the cross-field checks. */
export const TransformerConfigSchema = TransformerFieldsSchema.superRefine((v, ctx) =>
  refineTransformerFields(v, ctx),
);

/** The frozen, serialisable config of a `Transformer` (defaults filled). See the schema for each field. */
export type TransformerConfig = z.output<typeof TransformerConfigSchema>;

/** What a caller writes: optional fields may be omitted, `type` and `version` included. */
export type TransformerConfigInput = z.input<typeof TransformerConfigSchema>;

/** Validates a Transformer config (a `ConfigError` names each bad field and the fix). */
export function parseTransformerConfig(value: unknown, source = 'transformer config'): TransformerConfig {
  return parseConfig(TransformerConfigSchema, value, source);
}

/**
 * The part of a Transformer config an objective's config embeds: everything but the grid (the objective's
 * latent grid) and the conditioning (set by the objective: `none` for token objectives, the timestep mode
 * for diffusion). Refine it with `refineTransformerFields(value, ctx, ['backbone'])`.
 */
export const BackboneSpecSchema = TransformerFieldsSchema.omit({
  type: true,
  version: true,
  grid: true,
  conditioning: true,
});

/** What an objective config holds under `backbone` (see `BackboneSpecSchema`). */
export type BackboneSpec = z.output<typeof BackboneSpecSchema>;

/** A full Transformer config from an objective's backbone spec, grid and conditioning mode. */
export function backboneConfig(
  spec: BackboneSpec,
  grid: { height: number; width: number },
  conditioning: TransformerConfig['conditioning'] = 'none',
): TransformerConfig {
  return parseTransformerConfig({ ...spec, grid, conditioning }, 'backbone config');
}

/** MLP hidden width F = round(mlpRatio · C), as the FLOP ledger computes it. */
export function mlpWidth(config: Pick<TransformerConfig, 'mlpRatio' | 'width'>): number {
  return Math.round(config.mlpRatio * config.width);
}

// ─── model ─────────────────────────────────────────────────────────────────────────────────────────────

/** The KV cache is used wrongly (wrong model, too small, prefix after tokens …). */
export class KVCacheError extends FlopmatchError {
  constructor(problem: string, fix: string) {
    super('E_KV_CACHE', `KV cache: ${problem}`, fix);
  }
}

/**
 * Keys and values of every block for incremental causal decoding. Created by `Transformer.createCache`,
 * which allocates each block's key and value buffers [B, H, capacity, D] once; the prefix enters with the
 * first `forwardCached` call, then tokens are written after it in place, and attention reads only the filled
 * positions. Inference only (no gradient flows through the cache).
 */
export class TransformerKVCache implements KVCache {
  readonly batch: number;
  readonly capacity: number;
  /** One entry per block: key and value buffers [B, H, capacity, D]. */
  readonly layers: LayerCache[];
  readonly #owner: Transformer;
  #length = 0;
  #prefixLength = 0;
  #disposed = false;

  /** Use `Transformer.createCache`. */
  constructor(owner: Transformer, batch: number, capacity: number, layers: number) {
    this.#owner = owner;
    this.batch = batch;
    this.capacity = capacity;
    const { heads } = owner.config;
    const D = owner.width / heads;
    this.layers = Array.from({ length: layers }, () => ({
      k: createCacheBuffer(batch, heads, capacity, D),
      v: createCacheBuffer(batch, heads, capacity, D),
    }));
  }

  /** Positions stored (prefix + tokens). */
  get length(): number {
    return this.#length;
  }

  /** Prefix positions stored by the first call. */
  get prefixLength(): number {
    return this.#prefixLength;
  }

  /** Image-token positions stored. */
  get tokenLength(): number {
    return this.#length - this.#prefixLength;
  }

  /** Whether `dispose` was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** @internal records an append of `prefix` + `tokens` positions (called by the owning model). */
  advance(owner: Transformer, prefix: number, tokens: number): void {
    if (owner !== this.#owner) throw new KVCacheError('advanced by another model', 'do not share caches');
    if (this.#length === 0) this.#prefixLength = prefix;
    this.#length += prefix + tokens;
  }

  /** @internal whether `model` created this cache. */
  ownedBy(model: Transformer): boolean {
    return model === this.#owner;
  }

  /** Frees every key and value buffer (idempotent). */
  dispose(): void {
    if (this.#disposed) return;
    for (const layer of this.layers) tf.dispose([layer.k, layer.v]);
    this.#disposed = true;
  }
}

/**
 * The backbone: [prefix ; tokens + positions] → L pre-norm blocks → final norm → hidden states of the token
 * positions [B, T, C]. Implements core's `Backbone`; objective heads (token embedding and logits, patch in
 * and out, the timestep MLP) live in the objective packages.
 *
 * @example
 * const net = new Transformer({ layers: 2, width: 64, heads: 4, grid: { height: 8, width: 8 } }, new Rng(0));
 * const h = net.forward({ prefix, tokens, mask: 'causal' }); // [B, 64, 64]
 */
export class Transformer extends Module implements Backbone {
  readonly specVersion = 'v1' as const;
  readonly id = 'backbone:transformer';
  readonly config: TransformerConfig;
  /** Model width C. */
  readonly width: number;
  /** Image-token positions of the grid (height · width). */
  readonly maxTokens: number;
  /** Learned positions [T, C] (`positions: 'learned'`). */
  readonly positionTable: tf.Variable | undefined;
  readonly blocks: ModuleList<Block>;
  readonly finalNorm: Norm;
  /** adaLN-single: the shared SiLU → Linear(C, 6C) (PixArt-α's t_block). */
  readonly sharedModulation: Linear | undefined;
  /** adaLN-Zero: SiLU → Linear(C, 2C) before the head; adaLN-single: its [2, C] table. */
  readonly finalModulation: Linear | tf.Variable | undefined;
  /** Fixed tensors (sin-cos table, RoPE tables), disposed with the model. */
  readonly #fixed: { positions?: tf.Tensor2D; cos?: tf.Tensor2D; sin?: tf.Tensor2D } = {};

  /** @param config validated by `TransformerConfigSchema`; `rng` seeds every initial weight. */
  constructor(config: TransformerConfigInput, rng: RandomSource) {
    super();
    this.config = parseTransformerConfig(config);
    const { width: C, heads, layers, grid, conditioning } = this.config;
    this.width = C;
    this.maxTokens = grid.height * grid.width;
    const T = this.maxTokens;
    if (this.config.positions === 'learned') {
      this.positionTable = this.param(
        'positions',
        normalInit([T, C], this.config.initStd, rng.split('pos')),
        {
          decay: false,
        },
      );
    } else if (this.config.positions === 'sincos-2d') {
      this.#fixed.positions = tf.tensor2d(sincos2d(grid.height, grid.width, C), [T, C]);
    }
    if (this.config.rope === '2d') {
      const { cos, sin } = rope2dTables(grid.height, grid.width, C / heads);
      this.#fixed.cos = tf.tensor2d(cos, [T, C / heads]);
      this.#fixed.sin = tf.tensor2d(sin, [T, C / heads]);
    }
    if (conditioning === 'adaln-single') {
      this.sharedModulation = this.module(
        'adaln',
        new Linear(C, 6 * C, { rng: rng.split('adaln'), std: this.config.initStd }),
      );
    }
    this.blocks = this.module(
      'blocks',
      new ModuleList(
        Array.from({ length: layers }, (_, i) => new Block(this.config, rng.split(`blocks.${i}`))),
      ),
    );
    this.finalNorm = this.module('final_norm', makeNorm(this.config.norm, C, conditioning === 'none'));
    if (conditioning === 'adaln-zero') {
      this.finalModulation = this.module(
        'final_modulation',
        new Linear(C, 2 * C, { rng: rng.split('final_modulation'), init: 'zeros' }),
      );
    } else if (conditioning === 'adaln-single') {
      this.finalModulation = this.param(
        'final_scale_shift_table',
        normalInit([2, C], 1 / Math.sqrt(C), rng.split('final_table')),
        { decay: false },
      );
    }
  }

  /** Rebuilds a Transformer from its saved `.config`, with fresh weights from `rng`. */
  static fromConfig(config: unknown, rng: RandomSource): Transformer {
    return new Transformer(parseTransformerConfig(config), rng);
  }

  /** Hidden states of the token positions [B, T, C] for [prefix ; tokens] under `input.mask`. */
  forward(input: BackboneInput): tf.Tensor3D {
    const P = this.#check(input, 'forward');
    if (input.tokens.shape[1] < 1) {
      throw new ShapeError('Transformer.forward', 'tokens has no positions', 'pass tokens [B, T ≥ 1, C]');
    }
    return this.#run(input, 0, input.mask, this.config.prefixMask === 'bidirectional' ? P : 0, undefined);
  }

  /**
   * An empty cache for `batch` sequences of up to `capacity` positions (prefix + tokens): key and value
   * buffers [batch, H, capacity, D] per block, allocated now (2·L·batch·capacity·C floats).
   */
  createCache(batch: number, capacity: number): TransformerKVCache {
    if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(capacity) || capacity < 1) {
      throw new KVCacheError(
        `batch ${batch} and capacity ${capacity} must be positive integers`,
        'pass the batch size and prefix length + tokens to decode',
      );
    }
    return new TransformerKVCache(this, batch, capacity, this.config.layers);
  }

  /**
   * Appends `input.tokens` [B, t, C] (after `input.prefix` on the first call; t may be 0 to run only the
   * prefix) under the causal mask and returns their hidden states [B, t, C]: the same values `forward` gives
   * for those positions over the whole sequence.
   */
  forwardCached(input: Omit<BackboneInput, 'mask'>, cache: KVCache): tf.Tensor3D {
    if (!(cache instanceof TransformerKVCache) || !cache.ownedBy(this)) {
      throw new KVCacheError(
        'the cache was not created by this model',
        'use model.createCache(batch, capacity)',
      );
    }
    if (cache.disposed) throw new KVCacheError('the cache was disposed', 'create a new cache');
    const P = this.#check({ ...input, mask: 'causal' }, 'forwardCached');
    const t = input.tokens.shape[1];
    const B = input.tokens.shape[0];
    if (B !== cache.batch) {
      throw new KVCacheError(
        `batch ${B} differs from the cache's ${cache.batch}`,
        'create a cache per batch',
      );
    }
    if (P > 0 && cache.length > 0) {
      throw new KVCacheError(
        `a prefix of ${P} positions arrived after ${cache.length} cached positions`,
        'pass the prefix only on the first call',
      );
    }
    if (P + t === 0) {
      throw new KVCacheError('the call appends no positions', 'pass the prefix or at least one token');
    }
    if (cache.length + P + t > cache.capacity) {
      throw new KVCacheError(
        `${cache.length} cached + ${P + t} new positions exceed the capacity ${cache.capacity}`,
        `create the cache with capacity ≥ ${cache.length + P + t} (prefix length + tokens to decode)`,
      );
    }
    const offset = cache.tokenLength;
    if (offset + t > this.maxTokens) {
      throw new KVCacheError(
        `image tokens ${offset} + ${t} exceed the grid of ${this.maxTokens}`,
        'decode at most grid.height · grid.width tokens',
      );
    }
    const bidirectional =
      this.config.prefixMask === 'bidirectional' ? (cache.length === 0 ? P : cache.prefixLength) : 0;
    const out = this.#run(input, offset, 'causal', bidirectional, cache);
    cache.advance(this, P, t);
    return out;
  }

  /**
   * FLOPs of one forward pass of the blocks and final norm (no embeddings or heads) for one sequence, from
   * the ledger (`@flopmatch/flops`).
   */
  forwardFlops(prefixLength: number, tokenLength: number, mask: AttentionMaskKind): FlopCount {
    return backboneFlops(this.config, { prefixLength, tokenLength, mask }).forward;
  }

  /** Disposes the parameters and the fixed tables. */
  override dispose(): void {
    super.dispose();
    for (const t of Object.values(this.#fixed)) t?.dispose();
  }

  /** Validates an input; returns the prefix length P. */
  #check(input: BackboneInput, where: string): number {
    const { prefix, tokens, modulation } = input;
    const C = this.width;
    const B = tokens.shape[0];
    if (tokens.rank !== 3 || tokens.shape[2] !== C) {
      throw new ShapeError(`Transformer.${where}`, `tokens [${tokens.shape}] is not [B, T, ${C}]`);
    }
    if (prefix.rank !== 3 || prefix.shape[0] !== B || prefix.shape[2] !== C) {
      throw new ShapeError(`Transformer.${where}`, `prefix [${prefix.shape}] is not [${B}, P, ${C}]`);
    }
    if (tokens.shape[1] > this.maxTokens) {
      throw new ShapeError(
        `Transformer.${where}`,
        `${tokens.shape[1]} tokens exceed the ${this.maxTokens} positions of the ${this.config.grid.height}×${this.config.grid.width} grid`,
        'build the model with a larger grid',
      );
    }
    if (input.mask !== 'causal' && input.mask !== 'bidirectional') {
      throw new ShapeError(
        `Transformer.${where}`,
        `unknown mask '${String(input.mask)}'`,
        "use 'causal' or 'bidirectional'",
      );
    }
    const wants = this.config.conditioning !== 'none';
    if (wants && !modulation) {
      throw new ShapeError(
        `Transformer.${where}`,
        `conditioning '${this.config.conditioning}' needs input.modulation [B, ${C}]`,
        'pass the timestep embedding as modulation',
      );
    }
    if (!wants && modulation) {
      throw new ShapeError(
        `Transformer.${where}`,
        "input.modulation was given but config.conditioning is 'none'",
        "drop modulation (put the timestep in the prefix) or set conditioning 'adaln-single' / 'adaln-zero'",
      );
    }
    if (modulation && (modulation.rank !== 2 || modulation.shape[0] !== B || modulation.shape[1] !== C)) {
      throw new ShapeError(`Transformer.${where}`, `modulation [${modulation.shape}] is not [${B}, ${C}]`);
    }
    return prefix.shape[1];
  }

  /** The shared pass: positions, blocks, final norm; with a cache, keys/values are appended to it. */
  #run(
    input: Omit<BackboneInput, 'mask'>,
    offset: number,
    mask: AttentionMaskKind,
    bidirectionalPrefix: number,
    cache: TransformerKVCache | undefined,
  ): tf.Tensor3D {
    const C = this.width;
    const [B, t] = input.tokens.shape;
    const P = input.prefix.shape[1];
    return tf.tidy(() => {
      let tokens = input.tokens;
      const table = this.positionTable ?? this.#fixed.positions;
      if (table && t > 0) tokens = tf.add(tokens, tf.slice(table, [offset, 0], [t, C])) as tf.Tensor3D; // + pos [t, C]
      const parts = [...(P > 0 ? [input.prefix] : []), ...(t > 0 ? [tokens] : [])];
      const x0 = parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as tf.Tensor3D); // [B, S, C], S = P + t
      const pass: PassContext = {
        mask,
        bidirectionalPrefix: mask === 'causal' ? bidirectionalPrefix : 0,
        rope: this.#ropeTables(P, offset, t),
      };
      const mods = this.#modulations(input.modulation);
      let x = x0;
      this.blocks.items.forEach((block, l) => {
        x = block.forward(
          x,
          pass,
          mods?.blocks[l],
          cache && { layer: cache.layers[l]!, start: cache.length },
        );
      });
      if (t === 0) return tf.zeros([B, 0, C]) as tf.Tensor3D;
      let h = P > 0 ? (tf.slice(x, [0, P, 0], [B, t, C]) as tf.Tensor3D) : x; // token positions [B, t, C]
      h = this.finalNorm.forward(h) as tf.Tensor3D;
      if (mods) h = modulate(h, mods.final.shift, mods.final.scale);
      return h;
    });
  }

  /** cos/sin [P + t, D]: angle 0 for the prefix, the grid positions offset … offset + t − 1 for tokens. */
  #ropeTables(P: number, offset: number, t: number): PassContext['rope'] {
    const { cos, sin } = this.#fixed;
    if (!cos || !sin) return undefined;
    const D = cos.shape[1];
    const pick = (table: tf.Tensor2D, fill: number) => {
      const rows = t > 0 ? [tf.slice(table, [offset, 0], [t, D])] : []; // [t, D]
      return (P > 0 ? tf.concat([tf.fill([P, D], fill), ...rows], 0) : rows[0]!) as tf.Tensor2D; // [P + t, D]
    };
    return { cos: pick(cos, 1), sin: pick(sin, 0) };
  }

  /** Per-block and final adaLN vectors from the conditioning vector c [B, C]; undefined without adaLN. */
  #modulations(
    c: tf.Tensor2D | undefined,
  ): { blocks: BlockModulation[]; final: { shift: tf.Tensor3D; scale: tf.Tensor3D } } | undefined {
    const mode = this.config.conditioning;
    if (!c || mode === 'none') return undefined;
    const C = this.width;
    const act = silu(c); // SiLU(c), shared by every modulation linear (DiT, PixArt-α)
    if (mode === 'adaln-zero') {
      const blocks = this.blocks.items.map((b) => blockModulation(b.modulation!.forward(act), C));
      const [shift, scale] = chunks((this.finalModulation as Linear).forward(act), 2, C) as [
        tf.Tensor3D,
        tf.Tensor3D,
      ];
      return { blocks, final: { shift, scale } };
    }
    const shared = tf.reshape(this.sharedModulation!.forward(act), [-1, 6, C]); // [B, 6, C]
    const blocks = this.blocks.items.map((b) => blockModulation(tf.add(shared, b.table!), C)); // + table [6, C]
    const finalTable = this.finalModulation as tf.Variable; // [2, C]
    const [shift, scale] = chunks(tf.add(tf.reshape(c, [-1, 1, C]), finalTable), 2, C) as [
      tf.Tensor3D,
      tf.Tensor3D,
    ]; // PixArt-α: table + c, split into shift and scale
    return { blocks, final: { shift, scale } };
  }
}
