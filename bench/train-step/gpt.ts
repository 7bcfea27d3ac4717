/**
 * The bench model: a GPT-2-style decoder (A. Radford et al., "Language Models are Unsupervised Multitask
 * Learners", 2019) built from @flopmatch/nn, with a switch that swaps every matrix product for plain
 * `tf.matMul` (tfjs's own gradient, transpose flags and all) so both can be timed on one model.
 *
 * Legend: B batch, T positions, C width, H heads, D = C/H, V vocabulary.
 */
import type { RandomSource } from '@flopmatch/core';
import {
  attentionBias,
  Embedding,
  embedding,
  gelu,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  MultiHeadAttention,
  normalInit,
  sparseSoftmaxCrossEntropy,
} from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Which matrix products the step uses. */
export type MatmulMode = 'custom' | 'tfjs';

export interface GptConfig {
  vocab: number;
  width: number;
  layers: number;
  heads: number;
  context: number;
}

/** x·W + b with tfjs's own MatMul gradient (for the baseline). */
function tfjsLinear(x: tf.Tensor, layer: Linear): tf.Tensor {
  const [inF, outF] = layer.weight.shape as [number, number];
  const y = tf.add(
    tf.matMul(tf.reshape(x, [-1, inF]) as tf.Tensor2D, layer.weight as tf.Tensor2D),
    layer.bias!,
  );
  return tf.reshape(y, [...x.shape.slice(0, -1), outF]);
}

function lin(x: tf.Tensor, layer: Linear, mode: MatmulMode): tf.Tensor {
  return mode === 'custom' ? layer.forward(x) : tfjsLinear(x, layer);
}

class Block extends Module {
  readonly ln1: LayerNorm;
  readonly attn: MultiHeadAttention;
  readonly ln2: LayerNorm;
  readonly fc: Linear;
  readonly proj: Linear;
  constructor(c: GptConfig, rng: RandomSource) {
    super();
    this.ln1 = this.module('ln1', new LayerNorm(c.width));
    this.attn = this.module(
      'attn',
      new MultiHeadAttention(c.width, c.heads, { rng: rng.split('attn'), residualLayers: c.layers }),
    );
    this.ln2 = this.module('ln2', new LayerNorm(c.width));
    this.fc = this.module('fc', new Linear(c.width, 4 * c.width, { rng: rng.split('fc') }));
    this.proj = this.module(
      'proj',
      new Linear(4 * c.width, c.width, { rng: rng.split('proj'), residualLayers: c.layers }),
    );
  }

  attention(x: tf.Tensor3D, mode: MatmulMode): tf.Tensor3D {
    if (mode === 'custom') return this.attn.forward(x, { mask: 'causal' });
    const [B, T, C] = x.shape;
    const H = this.attn.heads;
    const D = C / H;
    const qkv = tfjsLinear(x, this.attn.qkv); // [B, T, 3C]
    const [q, k, v] = tf.split(qkv, 3, 2).map((t) => tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3])); // [B, H, T, D]
    const scores = tf.add(
      tf.mul(tf.matMul(q!, k!, false, true), 1 / Math.sqrt(D)),
      attentionBias('causal', T, T)!,
    );
    const o = tf.matMul(tf.softmax(scores), v!); // [B, H, T, D]
    return tfjsLinear(tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [B, T, C]), this.attn.proj) as tf.Tensor3D;
  }

  forward(x: tf.Tensor3D, mode: MatmulMode): tf.Tensor3D {
    const h = tf.add(x, this.attention(this.ln1.forward(x) as tf.Tensor3D, mode)) as tf.Tensor3D;
    const m = lin(gelu(lin(this.ln2.forward(h), this.fc, mode)), this.proj, mode);
    return tf.add(h, m) as tf.Tensor3D;
  }
}

/** GPT: token + position embeddings, pre-LN blocks, final LN, untied LM head. */
export class Gpt extends Module {
  readonly config: GptConfig;
  readonly tok: Embedding;
  readonly pos: tf.Variable;
  readonly blocks: ModuleList<Block>;
  readonly lnF: LayerNorm;
  readonly head: Linear;
  constructor(config: GptConfig, rng: RandomSource) {
    super();
    this.config = config;
    this.tok = this.module('tok', new Embedding(config.vocab, config.width, { rng: rng.split('tok') }));
    this.pos = this.param('pos', normalInit([config.context, config.width], 0.02, rng.split('pos')), {
      decay: false,
    });
    this.blocks = this.module(
      'blocks',
      new ModuleList(
        Array.from({ length: config.layers }, (_, i) => new Block(config, rng.split(`block${i}`))),
      ),
    );
    this.lnF = this.module('lnF', new LayerNorm(config.width));
    this.head = this.module('head', new Linear(config.width, config.vocab, { rng: rng.split('head') }));
  }

  /** Mean next-token cross-entropy of `ids` [B, T] predicting `targets` [B, T]. */
  loss(ids: tf.Tensor2D, targets: tf.Tensor2D, mode: MatmulMode): tf.Scalar {
    const [B, T] = ids.shape;
    let x = tf.add(embedding(this.tok.weight as tf.Tensor2D, ids), this.pos) as tf.Tensor3D; // [B, T, C]
    for (const block of this.blocks.items) x = block.forward(x, mode);
    const logits = tf.reshape(lin(this.lnF.forward(x), this.head, mode), [B * T, this.config.vocab]); // [BT, V]
    return tf.mean(
      sparseSoftmaxCrossEntropy(logits as tf.Tensor2D, tf.reshape(targets, [-1]) as tf.Tensor1D),
    );
  }
}

/** Parameters in matrix products: what 6·N counts (embedding lookups and the position add excluded). */
export function matmulParams(c: GptConfig): number {
  const perBlock = c.width * 3 * c.width + c.width * c.width + 2 * c.width * 4 * c.width; // qkv, proj, fc, proj
  return c.layers * perBlock + c.width * c.vocab;
}

/**
 * Training FLOPs of one step (PaLM, A. Chowdhery et al., arXiv:2204.02311, Appendix B): 6·N per token for
 * the weight products (forward 2N, backward 4N) plus 12·L·C·T per token for attention scores and values
 * over the full T×T grid (forward 2·2·L·T·C, ×3 with backward).
 */
export function stepFlops(c: GptConfig, batch: number): number {
  const tokens = batch * c.context;
  return 6 * matmulParams(c) * tokens + 12 * c.layers * c.width * c.context * tokens;
}

/** Scores for the sanity check that both modes compute the same function. */
export function sameFunction(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a));
}
