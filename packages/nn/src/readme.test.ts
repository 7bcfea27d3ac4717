/**
 * The README example runs here: the block between the `README:example` markers must appear verbatim in
 * README.md (up to indentation), and it runs with its claims checked.
 */
import { Rng } from '@flopmatch/core';
import { readmeExample } from '@flopmatch/core/testing';
import { initRuntime, tf } from '@flopmatch/runtime';
import { describe, expect, it } from 'vitest';
import { AdamW, clipGradNorm, MultiHeadAttention, valueAndGrads, warmupCosine } from './index.js';

describe('README example', () => {
  it('appears verbatim and trains: the loss falls after one clipped AdamW step', async () => {
    // README:example:start
    await initRuntime({ backend: 'wasm' });
    const attn = new MultiHeadAttention(64, 4, { rng: new Rng(0).split('attn'), residualLayers: 2 });
    const x = tf.randomNormal([2, 16, 64], 0, 1, 'float32', 1) as tf.Tensor3D; // [B, T, C]
    const opt = new AdamW(attn.namedVariables(), { weightDecay: 0.1, noDecay: attn.noDecayNames() });
    const loss = () => tf.mean(tf.square(attn.forward(x, { mask: 'causal' }))) as tf.Scalar;
    const { value, grads } = valueAndGrads(loss, attn.namedVariables()); // keyed 'qkv.weight', 'proj.bias', …
    const { grads: clipped, norm } = clipGradNorm(grads, 1.0); // global L2 norm, before clipping
    opt.step(clipped, warmupCosine(0, { peakLr: 1e-3, warmupSteps: 10, totalSteps: 100 }));
    // README:example:end
    const { block, readme } = await readmeExample(import.meta.url, { indent: 4 });
    expect(readme).toContain(block);
    expect([...clipped.keys()]).toEqual(['qkv.weight', 'qkv.bias', 'proj.weight', 'proj.bias']);
    expect(norm).toBeGreaterThan(0);
    expect(opt.stepCount).toBe(1);
    expect(loss().dataSync()[0]).toBeLessThan(value.dataSync()[0]!);
    expect(attn.parameterCount()).toBe(4 * 64 * 64 + 4 * 64);
  });
});
