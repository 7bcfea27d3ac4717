import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Autoencoder,
  type CodecFamily,
  parseAeRunConfig,
  parseConvAutoencoderConfig,
  saveCodec,
} from '@flopmatch/autoencoder';
import { Rng } from '@flopmatch/core';
import { checkGradients, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISCRETE_FAMILIES, fsqFamily, lfqFamily, loadVqCodec, vqFamily } from './families.js';
import type { VqCodec } from './vq-codec.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const TINY = parseConvAutoencoderConfig({
  image: { height: 16, width: 16 },
  downsampleFactor: 2,
  widths: [8, 8],
  normGroups: 4,
});
const CASES: [CodecFamily, Record<string, unknown>, number][] = [
  [vqFamily, { codebookSize: 16, inChannels: 4 }, 16],
  [lfqFamily, { bits: 4 }, 16],
  [fsqFamily, { levels: [3, 3, 2] }, 18],
];

function build(family: CodecFamily, config: Record<string, unknown>): VqCodec {
  const rng = new Rng(family.name);
  const model = new Autoencoder(TINY, family.createBottleneck(config, rng.split('b')), {
    rng: rng.split('ae'),
  });
  return family.codec(model, '') as unknown as VqCodec;
}

describe('VqCodec', () => {
  for (const [family, config, K] of CASES) {
    describe(family.id, () => {
      it('encodes images to int32 ids on the grid and decodes them to images in [-1, 1]', () => {
        const codec = build(family, config);
        const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
        const ids = codec.encode(x);
        expect(ids.dtype).toBe('int32');
        expect(ids.shape).toEqual([2, 8, 8]);
        for (const id of ids.dataSync()) expect(id >= 0 && id < K).toBe(true);
        const recon = codec.decode(ids);
        expect(recon.shape).toEqual([2, 16, 16, 3]);
        const forward = tf.clipByValue(
          codec.model.forward(x, { training: false, rng: new Rng(0) }).reconstruction,
          -1,
          1,
        );
        expect(Array.from(recon.dataSync())).toEqual(Array.from(forward.dataSync()));
        expect(codec).toMatchObject({
          kind: 'discrete',
          codebookSize: K,
          bitsPerPosition: Math.log2(K),
          latentShape: { height: 8, width: 8, channels: 1 },
        });
        expect(() => codec.decode(tf.zeros([1, 4, 4], 'int32') as tf.Tensor3D)).toThrow(
          /ids must be int32 \[N, 8, 8\], got int32 \[1,4,4\]/,
        );
        codec.dispose();
      });

      it('lets gradients flow from the loss to every encoder and decoder weight (straight-through)', () => {
        const codec = build(family, config);
        const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
        const params = codec.model.namedVariables();
        // Residual blocks start as the identity (conv2 = 0), which blocks their inner gradients; wake them up.
        for (const [name, v] of params)
          if (name.endsWith('conv2.weight')) v.assign(tf.randomNormal(v.shape, 0, 0.1, 'float32', 5));
        const { value, grads } = valueAndGrads(() => {
          const out = codec.model.forward(x, { training: true, rng: new Rng(1) });
          let loss = tf.mean(tf.abs(tf.sub(out.reconstruction, x)));
          for (const term of Object.values(out.losses)) loss = tf.add(loss, term);
          return loss as tf.Scalar;
        }, params);
        expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
        for (const name of params.keys()) {
          const g = grads.get(name);
          expect(g, name).toBeDefined();
          expect(tf.norm(g!).dataSync()[0], name).toBeGreaterThan(0);
        }
        expect(tf.norm(grads.get('encoder.conv_in.weight')!).dataSync()[0]).toBeGreaterThan(0); // through the quantizer
        codec.dispose();
      });

      it('has encoder and decoder gradients that match finite differences on a tiny input', () => {
        const codec = build(family, config);
        const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 3);
        const enc = checkGradients((i) => codec.model.encoder.forward(i as tf.Tensor4D), [x], {
          maxEntries: 24,
        });
        expect(enc.maxError).toBeLessThan(5e-2);
        const latent = codec.model.bottleneck.embed(codec.encode(x as tf.Tensor4D));
        const dec = checkGradients((l) => codec.model.decoder.forward(l as tf.Tensor4D), [latent], {
          maxEntries: 24,
        });
        expect(dec.maxError).toBeLessThan(5e-2);
        codec.dispose();
      });
    });
  }

  it('saves and loads through loadVqCodec with the same ids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vq-codec-'));
    const codec = build(vqFamily, { codebookSize: 16, inChannels: 4 });
    const { codec: saved } = await saveCodec(dir, vqFamily, codec.model);
    const loaded = await loadVqCodec(dir);
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    expect(Array.from(loaded.encode(x).dataSync())).toEqual(Array.from(codec.encode(x).dataSync()));
    expect(loaded.weightsSha256).toBe(saved.weightsSha256);
    expect(loaded.id).toBe('codec:vq');
    loaded.dispose();
    codec.dispose();
  });
});

describe('discrete codec families', () => {
  it('offer presets at two capacities each (64 and 512 codes) over the same encoder/decoder', () => {
    const bits: Record<string, number> = {};
    let shared: unknown;
    for (const family of DISCRETE_FAMILIES) {
      for (const [name, preset] of Object.entries(family.presets)) {
        const config = parseAeRunConfig(preset, name);
        const b = family.createBottleneck(config.bottleneck, new Rng(name));
        bits[name] = b.bitsPerPosition;
        b.dispose();
        shared ??= config.autoencoder;
        expect(config.autoencoder, name).toEqual(shared);
        expect(config.train, name).toEqual(parseAeRunConfig(vqFamily.presets['demo-vq']).train);
      }
    }
    expect(bits).toEqual({
      'demo-vq': 9,
      'vq-64': 6,
      'vq-8': 3,
      'demo-lfq': 9,
      'lfq-64': 6,
      'demo-fsq': 9,
      'fsq-64': 6,
    });
  });
});
