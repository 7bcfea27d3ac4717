import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryProbe } from './memory-probe.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('MemoryProbe', () => {
  it('keeps the largest growth of live tensor bytes over its baseline', () => {
    const existing = tf.zeros([100]); // allocated before the probe: not counted
    const probe = new MemoryProbe();
    expect(probe.peakBytes).toBe(0);
    const a = tf.zeros([1000]); // 4000 bytes of float32
    probe.sample();
    expect(probe.peakBytes).toBe(4000);
    a.dispose();
    const b = tf.zeros([10], 'int32'); // 40 bytes
    probe.sample();
    expect(probe.peakBytes).toBe(4000); // the peak stays
    tf.dispose([b, existing]);
    probe.sample();
    expect(probe.peakBytes).toBe(4000);
  });

  it('misses what is freed between samples (a documented lower bound)', () => {
    const probe = new MemoryProbe();
    tf.tidy(() => {
      tf.zeros([1000]); // allocated and freed inside the tidy, before the next sample
    });
    probe.sample();
    expect(probe.peakBytes).toBe(0);
  });
});
