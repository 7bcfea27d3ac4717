import type { LatentBatch } from '@flopmatch/core';
import { ShapeError } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTokenGrid, expectBatchKind } from './batch-checks.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('batch checks', () => {
  const cond = { ids: tf.zeros([1, 4], 'int32') as tf.Tensor2D, isNull: [false] };

  it('expectBatchKind passes the kind asked for and names the caller and the codec otherwise', () => {
    const discrete: LatentBatch = {
      kind: 'discrete',
      ids: tf.zeros([1, 2, 3], 'int32') as tf.Tensor3D,
      cond,
    };
    const continuous: LatentBatch = {
      kind: 'continuous',
      latents: tf.zeros([1, 2, 3, 4]) as tf.Tensor4D,
      cond,
    };
    expect(() => expectBatchKind(discrete, 'discrete', 'X.loss')).not.toThrow();
    expect(() => expectBatchKind(continuous, 'discrete', 'X.loss')).toThrow(ShapeError);
    expect(() => expectBatchKind(continuous, 'discrete', 'X.loss')).toThrow(
      /X\.loss: got a continuous batch.*kind: "discrete", ids, cond.*VQ codec/s,
    );
    expect(() => expectBatchKind(discrete, 'continuous', 'Y.loss')).toThrow(
      /Y\.loss: got a discrete batch.*kind: "continuous", latents, cond.*VAE codec/s,
    );
  });

  it('checkTokenGrid accepts [N, h, w] and names the grid otherwise', () => {
    const grid = { height: 2, width: 3 };
    expect(() => checkTokenGrid(tf.zeros([5, 2, 3]), grid, 'X.loss')).not.toThrow();
    expect(() => checkTokenGrid(tf.zeros([5, 3, 2]), grid, 'X.loss')).toThrow(
      /X\.loss: ids \[5,3,2\] are not \[N, 2, 3\].*latent grid/s,
    );
    expect(() => checkTokenGrid(tf.zeros([5, 6]), grid, 'X.loss')).toThrow(/ids \[5,6\]/);
  });
});
