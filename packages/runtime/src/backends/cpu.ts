import * as tf from '@tensorflow/tfjs-core';
import type { BackendPlugin } from './backend-plugin.js';

/** The pure-JavaScript reference backend: always available, ~0.5 GFLOP/s. */
export const cpuBackend: BackendPlugin = {
  name: 'cpu',
  async load() {
    await import('@tensorflow/tfjs-backend-cpu');
    // Silence tfjs's one-time "install tfjs-node" banner: flopmatch chooses backends itself.
    const backend = tf.findBackend('cpu') as { firstUse?: boolean } | null;
    if (backend) backend.firstUse = false;
    return { ok: true, reason: 'pure-JavaScript reference backend (always available, slow)' };
  },
};
