import { Rng } from '@flopmatch/core';
import { conv2dFlops } from '@flopmatch/flops';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GainBottleneck } from '../../test/test-bottleneck.js';
import { Autoencoder } from './autoencoder.js';
import { parseConvAutoencoderConfig } from './conv-autoencoder-config.js';
import { ConvEncoder } from './conv-encoder.js';
import { decoderShape, encoderShape, networkCost } from './conv-net-shapes.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('shared encoder/decoder', () => {
  for (const [f, widths] of [
    [2, [8, 16]],
    [4, [8, 8, 16]],
    [8, [8, 8, 8, 16]],
  ] as const) {
    it(`round-trips shapes at f = ${f} and the ledger counts exactly the modules' parameters`, () => {
      const config = parseConvAutoencoderConfig({
        image: { height: 16, width: 16 },
        downsampleFactor: f,
        widths: [...widths],
        normGroups: 4,
      });
      const ae = new Autoencoder(config, new GainBottleneck({ channels: 3 }), { rng: new Rng(f) });
      const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
      const out = ae.forward(x, { training: false, rng: new Rng(0) });
      expect(out.z.shape).toEqual([2, 16 / f, 16 / f, 3]);
      expect(out.reconstruction.shape).toEqual([2, 16, 16, 3]);
      const cost = ae.cost();
      expect(cost.encoder.params).toBe(ae.encoder.parameterCount());
      expect(cost.decoder.params).toBe(ae.decoder.parameterCount());
      expect(cost.bottleneckParams).toBe(3);
      expect(cost.bottleneckForward.model).toBe((16 / f) ** 2 * 6);
      expect(cost.encoder.training.model).toBe(3 * cost.encoder.forward.model);
      tf.dispose([x, out.z, out.reconstruction, out.latent]);
      ae.dispose();
    });
  }

  it('prices the encoder layer by layer with the ledger (hand sum for a one-level net)', () => {
    // f = 2, widths [8, 8], 8×8 input: conv_in 3→8 @8², resblock 8→8 @8² (two 3×3 convs), stride-2 conv
    // 8→8 → 4², resblock 8→8 @4², conv_out 8→2 @4².
    const config = parseConvAutoencoderConfig({
      image: { height: 8, width: 8 },
      downsampleFactor: 2,
      widths: [8, 8],
      normGroups: 4,
    });
    const c = (H: number, Cin: number, O: number, stride = 1) =>
      conv2dFlops({ height: H, width: H, inChannels: Cin, outChannels: O, kernel: 3, stride }).cost.forward
        .model;
    const hand = c(8, 3, 8) + 2 * c(8, 8, 8) + c(8, 8, 8, 2) + 2 * c(4, 8, 8) + c(4, 8, 2);
    expect(networkCost(encoderShape(config, 2)).forward.model).toBe(hand);
    // 2·9·3·8·64 + 8·64 is conv_in alone
    expect(c(8, 3, 8)).toBe(2 * 9 * 3 * 8 * 64 + 8 * 64);
    expect(decoderShape(config, 2).input).toEqual({ height: 4, width: 4, channels: 2 });
  });

  it('refuses images of the wrong size with the expected shape in the message', () => {
    const config = parseConvAutoencoderConfig({
      image: { height: 8, width: 8 },
      downsampleFactor: 2,
      widths: [8, 8],
      normGroups: 4,
    });
    const enc = new ConvEncoder(config, 2, { rng: new Rng(1) });
    expect(() => enc.forward(tf.zeros([1, 16, 16, 3]) as tf.Tensor4D)).toThrow(
      /images \[1,16,16,3\] do not match the configured 8×8×3/,
    );
    enc.dispose();
  });

  it('saves and loads every parameter and buffer, naming mismatches', () => {
    const config = parseConvAutoencoderConfig({
      image: { height: 8, width: 8 },
      downsampleFactor: 2,
      widths: [8, 8],
      normGroups: 4,
    });
    const a = new Autoencoder(config, new GainBottleneck(), { rng: new Rng('a') });
    const b = new Autoencoder(config, new GainBottleneck(), { rng: new Rng('b') });
    a.bottleneck.updates.assign(tf.tensor1d([5]));
    const state = a.stateTensors();
    expect(state.has('bottleneck.updates')).toBe(true);
    expect(state.has('decoder.conv_out.weight')).toBe(true);
    b.loadStateTensors(state);
    for (const [name, t] of b.stateTensors())
      expect(Array.from(t.dataSync())).toEqual(Array.from(state.get(name)!.dataSync()));
    const partial = new Map<string, tf.Tensor>(state);
    partial.delete('encoder.conv_in.bias');
    partial.set('extra', tf.zeros([1]));
    expect(() => b.loadStateTensors(partial, 'ckpt')).toThrow(
      /ckpt: weights do not match the autoencoder \(missing 'encoder.conv_in.bias'; unexpected 'extra'\)/,
    );
    a.dispose();
    b.dispose();
  });
});
