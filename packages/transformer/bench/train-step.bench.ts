/**
 * Speed of the demo-size backbone (`fm-xs`: L = 2, d = 64, H = 4) on the wasm backend, batch 8, a 16-token
 * prefix and an 8 × 8 grid (S = 80 positions), causal mask: forward alone (the baseline, same process) vs
 * forward + backward (one training step's backbone work; the ledger prices it at 3× the forward).
 * Run: `npx vitest bench --run --project transformer` (from the repo root).
 */
import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { bench, describe } from 'vitest';
import { presetConfig } from '../src/size-presets.js';
import { Transformer } from '../src/transformer.js';

await initRuntime({ backend: 'wasm' });
const [B, P, T, C] = [8, 16, 64, 64];
const net = new Transformer(presetConfig('fm-xs'), new Rng(0));
const prefix = tf.randomNormal([B, P, C], 0, 1, 'float32', 1) as tf.Tensor3D;
const tokens = tf.randomNormal([B, T, C], 0, 1, 'float32', 2) as tf.Tensor3D;
const target = tf.randomNormal([B, T, C], 0, 1, 'float32', 3);
const vars = [...net.namedVariables().values()];
const options = { iterations: 20, time: 0, warmupIterations: 3, warmupTime: 0 };

describe(`fm-xs backbone, wasm, B = ${B}, S = ${P + T}, causal`, () => {
  bench(
    'forward (baseline)',
    () => {
      tf.tidy(() => tf.sum(net.forward({ prefix, tokens, mask: 'causal' })).dataSync()); // read back one number, as the step does
    },
    options,
  );
  bench(
    'forward + backward',
    () => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(net.forward({ prefix, tokens, mask: 'causal' }), target)) as tf.Scalar,
        vars,
      );
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    options,
  );
});
