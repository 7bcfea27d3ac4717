/**
 * Golden presets: published models whose FLOPs and parameters the ledger is tested against, plus a tiny
 * `demo` shape. The app adds the transformer package's size presets beside these.
 *
 * - DiT (Peebles & Xie, "Scalable Diffusion Models with Transformers", arXiv:2212.09748, Tables 1 and 4):
 *   256×256 images → 32×32×4 SD-VAE latents → patch 2 → T = 256 tokens of p²·C = 16 features; adaLN-Zero
 *   blocks; 1000 classes + 1 null class; the head predicts noise and variance (2·p²·C = 32 features).
 * - GPT-2 small (Radford et al. 2019; nanoGPT): 12 × 768, 12 heads, vocab 50257, context 1024, tied head.
 */
import { parseTransformerShape, type TransformerShape } from '../models/transformer-shape.js';

function dit(name: string, layers: number, width: number, heads: number): TransformerShape {
  return parseTransformerShape(
    {
      type: 'transformer',
      name,
      layers,
      width,
      heads,
      tokenLength: 256,
      mask: 'bidirectional',
      positions: 'fixed',
      input: { kind: 'linear', features: 16, bias: true },
      output: { features: 32, bias: true },
      conditioning: { mode: 'adaln-zero', frequencyDim: 256, classes: 1001 },
    },
    `preset ${name}`,
  );
}

/** The presets shipped with the ledger, by id. */
export const GOLDEN_PRESETS: Readonly<
  Record<'dit-s-2' | 'dit-b-2' | 'dit-l-2' | 'dit-xl-2' | 'gpt2-small' | 'demo', TransformerShape>
> = Object.freeze({
  'dit-s-2': dit('DiT-S/2', 12, 384, 6),
  'dit-b-2': dit('DiT-B/2', 12, 768, 12),
  'dit-l-2': dit('DiT-L/2', 24, 1024, 16),
  'dit-xl-2': dit('DiT-XL/2', 28, 1152, 16),
  'gpt2-small': parseTransformerShape(
    {
      type: 'transformer',
      name: 'GPT-2 small',
      layers: 12,
      width: 768,
      heads: 12,
      tokenLength: 1024,
      mask: 'causal',
      positions: 'learned',
      input: { kind: 'embedding', vocab: 50257 },
      output: { features: 50257, bias: false, tied: true },
    },
    'preset gpt2-small',
  ),
  // A next-token model as flopmatch trains it on CPU: a 16-token prompt, an 8×8 grid of 512 VQ codes.
  demo: parseTransformerShape(
    {
      type: 'transformer',
      name: 'demo',
      layers: 2,
      width: 64,
      heads: 4,
      prefixLength: 16,
      prefixVocab: 256,
      tokenLength: 64,
      mask: 'causal',
      input: { kind: 'embedding', vocab: 512 },
      output: { features: 512 },
    },
    'preset demo',
  ),
});
