import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../backend-names.js';
import { forEachBackend } from './for-each-backend.js';

const ranOn: string[] = [];

describe('forEachBackend', () => {
  forEachBackend(['cpu', 'wasm'], (backend) => {
    it('activates its backend before each test', async () => {
      expect(tf.getBackend()).toBe(backend);
      ranOn.push(backend);
      expect(Array.from(await tf.add([1, 2], [3, 4]).data())).toEqual([4, 6]);
    });
  });

  forEachBackend(
    ['cpu'],
    () => {
      it('is never run: skipped on purpose', () => {
        ranOn.push('skipped-on-purpose');
      });
    },
    { skip: { cpu: 'demonstrates an explicit skip' } },
  );

  // tfjs-node-gpu is an optional peer: where it is missing, these tests skip with the reason.
  forEachBackend(['tensorflow-gpu'] as BackendName[], () => {
    it('runs only where tfjs-node-gpu loads', () => {
      ranOn.push('tensorflow-gpu');
    });
  });

  afterAll(() => {
    expect(ranOn.slice(0, 2)).toEqual(['cpu', 'wasm']);
    expect(ranOn).not.toContain('skipped-on-purpose');
  });
});
