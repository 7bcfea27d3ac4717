import { Rng } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FeatureNet, headWidth } from './feature-net.js';
import { MiniClip } from './mini-clip.js';
import { gatherSamples, patchTensor, promptTensor, targetsOf } from './network-inputs.js';
import { TEST_TOKENIZER, tinyClipConfig, tinyShapesConfig } from './test-networks.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const data = new ShapesDataset({ split: 'test', heldOutPairs: [] });
const batch = gatherSamples(
  data,
  Array.from({ length: 16 }, (_, i) => i),
);

describe('FeatureNet', () => {
  it('maps 16 images to [16, D] features (≥ 0 after ReLU) and [16, 9·13] logits', () => {
    const config = tinyShapesConfig();
    const net = new FeatureNet(config, new Rng(0));
    const { features, logits } = net.forward(patchTensor(config, batch.images, 16, data.imageShape), 16);
    expect(features.shape).toEqual([16, 16]);
    expect(logits.shape).toEqual([16, headWidth(config)]);
    expect(headWidth(config)).toBe(9 * (1 + 4 + 6 + 2));
    expect(Math.min(...features.dataSync())).toBeGreaterThanOrEqual(0);
  });

  it('is reproducible from its seed and prices a forward pass as the sum of its matmuls', () => {
    const config = tinyShapesConfig();
    const a = new FeatureNet(config, new Rng(7));
    const b = new FeatureNet(config, new Rng(7));
    for (const [name, v] of a.namedVariables())
      expect(v.dataSync()).toEqual(b.namedVariables().get(name)!.dataSync());
    // 64 patches: 192→16, 16→8 (+ biases); flatten 512→32; 32→16; head 16→117.
    const matmuls =
      64 * (2 * 192 * 16 + 16 + 2 * 16 * 8 + 8) + 2 * 512 * 32 + 32 + 2 * 32 * 16 + 16 + 2 * 16 * 117 + 117;
    expect(a.cost().forward).toEqual({ model: matmuls, executed: matmuls });
    expect(a.cost().backward.model).toBe(2 * matmuls);
  });

  it('lowers its loss on a fixed batch in 30 AdamW steps', () => {
    const config = tinyShapesConfig();
    const net = new FeatureNet(config, new Rng(1));
    const patches = patchTensor(config, batch.images, 16, data.imageShape);
    const targets = targetsOf(config, batch.samples);
    const opt = new AdamW(net.namedVariables(), { lr: 1e-2, weightDecay: 0 });
    const losses: number[] = [];
    for (let s = 0; s < 30; s++) {
      const { value, grads } = valueAndGrads(() => net.loss(patches, 16, targets), net.namedVariables());
      losses.push(value.dataSync()[0]!);
      opt.step(grads);
      tf.dispose([value, ...grads.values()]);
    }
    expect(losses[29]!).toBeLessThan(0.5 * losses[0]!);
  });
});

describe('MiniClip', () => {
  it('embeds images and prompts as unit rows and lowers its InfoNCE loss', () => {
    const config = tinyClipConfig();
    const clip = new MiniClip(config, new Rng(2));
    const patches = patchTensor(config, batch.images, 16, data.imageShape);
    const ids = promptTensor(
      config,
      TEST_TOKENIZER,
      batch.samples.map((s) => s.caption),
    );
    const norms = tf.sum(tf.square(clip.embedTexts(ids)), 1).dataSync();
    for (const v of norms) expect(v).toBeCloseTo(1, 5);
    expect(clip.embedImages(patches, 16).shape).toEqual([16, 8]);
    expect(clip.temperature()).toBeCloseTo(0.07, 6);
    const opt = new AdamW(clip.namedVariables(), { lr: 3e-3, weightDecay: 0, noDecay: clip.noDecayNames() });
    const losses: number[] = [];
    for (let s = 0; s < 30; s++) {
      const { value, grads } = valueAndGrads(() => clip.loss(patches, ids, 16), clip.namedVariables());
      losses.push(value.dataSync()[0]!);
      opt.step(grads);
      clip.clampLogScale();
      tf.dispose([value, ...grads.values()]);
    }
    expect(losses[29]!).toBeLessThan(0.5 * losses[0]!);
    expect(1 / clip.temperature()).toBeLessThanOrEqual(100 + 1e-6);
  });

  it('refuses prompt ids outside its vocabulary and a config of the other kind', () => {
    const config = tinyClipConfig();
    const small = { ...config, head: { ...config.head, vocabSize: 6 } } as typeof config;
    expect(() => promptTensor(small, TEST_TOKENIZER, ['a red circle'])).toThrow(
      /outside the text tower's 6 ids/,
    );
    expect(() => new MiniClip(tinyShapesConfig(), new Rng(0))).toThrow(/needs a 'clip' config/);
    expect(() => new FeatureNet(config, new Rng(0))).toThrow(/needs a 'features' config/);
  });
});
