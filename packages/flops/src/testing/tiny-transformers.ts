/**
 * Transformer shapes small enough to price by hand, shared by the flops tests (not exported from the
 * package). Each comment gives the sizes the tests' hand computations use.
 */
import type { TransformerShapeInput } from '../models/transformer-shape.js';

/**
 * L = 1 layer, d = 4, H = 2 heads (head dim Q = 2), MLP width F = 4d = 16, T = 3 tokens, a vocabulary of 5
 * in and out, biases and learned positions (the defaults), the default mask.
 */
export const TINY_TRANSFORMER = {
  type: 'transformer',
  layers: 1,
  width: 4,
  heads: 2,
  tokenLength: 3,
  input: { kind: 'embedding', vocab: 5 },
  output: { features: 5 },
} as const satisfies TransformerShapeInput;

/** `TINY_TRANSFORMER` with a causal mask (6 of the 9 query–key pairs scored). */
export const TINY_CAUSAL_TRANSFORMER = {
  ...TINY_TRANSFORMER,
  mask: 'causal',
} as const satisfies TransformerShapeInput;

/**
 * A causal next-token model with a prompt: L = 2, d = 8, H = 2, a P = 3-token prompt over 11 ids,
 * T = 5 image tokens over 9 ids in and out.
 */
export const PROMPTED_TRANSFORMER = {
  type: 'transformer',
  layers: 2,
  width: 8,
  heads: 2,
  prefixLength: 3,
  prefixVocab: 11,
  tokenLength: 5,
  mask: 'causal',
  input: { kind: 'embedding', vocab: 9 },
  output: { features: 9 },
} as const satisfies TransformerShapeInput;
