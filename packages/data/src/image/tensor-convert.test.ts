import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeImage } from './resize.js';
import { imagesToTensor, resizeBatch, tensorToImages, tensorToUint8Images } from './tensor-convert.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('tensor conversion', () => {
  const a = { width: 2, height: 2, channels: 1, data: Float32Array.from([-1, 0, 0.5, 1]) };
  const b = { width: 2, height: 2, channels: 1, data: Float32Array.from([1, 1, -1, -1]) };

  it('stacks images into NHWC and splits them back', () => {
    const t = imagesToTensor([a, b]);
    expect(t.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(t.dataSync())).toEqual([-1, 0, 0.5, 1, 1, 1, -1, -1]);
    expect(tensorToImages(t)).toEqual([a, b]);
    expect(tensorToUint8Images(t)[0]!.data).toEqual(Uint8Array.from([0, 128, 191, 255])); // 0.5 → 191.25 → 191
    t.dispose();
    const raw = imagesToTensor({ data: [a.data], height: 2, width: 2, channels: 1 });
    expect(raw.shape).toEqual([1, 2, 2, 1]);
    raw.dispose();
  });

  it('resizes a batch through the same code path as single images', () => {
    const t = imagesToTensor([a, b]);
    const small = resizeBatch(t, { width: 1, height: 1 });
    expect(small.shape).toEqual([2, 1, 1, 1]);
    expect(Array.from(small.dataSync())).toEqual([resizeImage(a, { width: 1, height: 1 }).data[0], 0]);
    tf.dispose([t, small]);
  });

  it('refuses images of mixed shapes', () => {
    expect(() => imagesToTensor([a, { ...b, width: 4, data: new Float32Array(8) }])).toThrow(
      /image 1 is 2×4×1/,
    );
  });
});
