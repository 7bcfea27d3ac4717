/**
 * The committed codecs at two capacities per latent kind (`@flopmatch/vq` and `@flopmatch/vae` presets),
 * the ladder the `small` and `paper` presets train generators on so finding 5 (autoencoder quality bounds
 * generator quality) has a better and a worse codec of each kind to compare.
 */
import type { SweepInput } from '../sweep-schema.js';

/** Two VQ and two VAE capacities, by codec name (the name sweeps, unit ids and the report use). */
export const TWO_CAPACITY_CODECS: SweepInput['autoencoders']['codecs'] = [
  { name: 'vq', id: 'codec:vq', preset: 'demo-vq' },
  { name: 'vq-64', id: 'codec:vq', preset: 'vq-64' },
  { name: 'vae', id: 'codec:vae', preset: 'demo-vae' },
  { name: 'vae-2', id: 'codec:vae', preset: 'vae-2' },
];
