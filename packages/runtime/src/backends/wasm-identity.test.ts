import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { initRuntime } from '../init-runtime.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const offset = (t: tf.Tensor) =>
  (tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } }).dataIdMap.get(
    t.dataId,
  ).memoryOffset;

it('clones share the buffer, outlive the original, and free it with the last reference', () => {
  const buffers = () => tf.backend().numDataIds();
  const before = buffers();
  const x = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  const y = tf.clone(x);
  expect(offset(y)).toBe(offset(x));
  expect(buffers() - before).toBe(1); // one buffer, not two
  x.dispose();
  expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
  expect(buffers() - before).toBe(1);
  y.dispose();
  expect(buffers()).toBe(before);
});

it('keeps gradients through saved tensors right (customGrad save clones its inputs)', () => {
  const square = tf.customGrad((xArg, save) => {
    const x = xArg as tf.Tensor;
    (save as tf.GradSaveFunc)([x]);
    return {
      value: tf.mul(x, x),
      gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => [tf.mul(dy, tf.mul(sx!, 2))],
    };
  });
  const g = tf.grad((x: tf.Tensor) => tf.sum(square(x)))(tf.tensor1d([1, -2, 3]));
  expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
  expect(tf.clone(tf.tensor1d(['a', 'b'] as unknown as number[], 'string' as 'float32')).dtype).toBe(
    'string',
  );
});
