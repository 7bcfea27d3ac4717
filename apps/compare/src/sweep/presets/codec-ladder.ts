/**
 * The committed codecs at two capacities per latent kind (`@flopmatch/vq` and `@flopmatch/vae` presets),
 * the ladder the `small` and `paper` presets train generators on so finding 5 (autoencoder quality bounds
 * generator quality) has a better and a worse codec of each kind to compare. The lower rungs (VQ with 8
 * codes, a KL-VAE with 1 channel) reconstruct about 2 dB PSNR below the defaults; above the real-vs-real
 * FD floor at N = 100 (1695.8) their reconstruction FDs are 256.7 and 228.2 against the defaults' 145.8 and
 * 72.7, far past finding 5's 10% (the nearer `vq-64`, 154.3, would tie with `vq`).
 */
import type { SweepInput } from '../sweep-schema.js';

/** Two VQ and two VAE capacities, by codec name (the name sweeps, unit ids and the report use). */
export const TWO_CAPACITY_CODECS: SweepInput['autoencoders']['codecs'] = [
  { name: 'vq', id: 'codec:vq', preset: 'demo-vq' },
  { name: 'vq-8', id: 'codec:vq', preset: 'vq-8' },
  { name: 'vae', id: 'codec:vae', preset: 'demo-vae' },
  { name: 'vae-1', id: 'codec:vae', preset: 'vae-1' },
];
