/**
 * The `vae` codec family for `@flopmatch/autoencoder`'s `train-ae` command and codec loading, with presets
 * at three capacities (4, 2 and 1 latent channels) over the shared demo encoder/decoder. After training, the
 * family fits the latent scale factor on training images (`fitScaleFactor`).
 */
import { type Autoencoder, type CodecFamily, demoPreset, loadCodec } from '@flopmatch/autoencoder';
import type { Dataset, RandomSource } from '@flopmatch/core';
import { DiagonalGaussianBottleneck, type DiagonalGaussianOptions } from './diagonal-gaussian.js';
import { VaeInputError } from './errors.js';
import { fitScaleFactor } from './fit-scale-factor.js';
import { VaeCodec } from './vae-codec.js';

/**
 * KL-VAE: 4 channels (`demo-vae`, the default), 2 channels (`vae-2`) and 1 channel (`vae-1`, the clearly
 * lower-capacity rung of the codec ladder), KL weight 1e-6.
 */
export const vaeFamily: CodecFamily = {
  name: 'vae',
  id: 'codec:vae',
  summary: 'KL-regularised autoencoder: diagonal Gaussian posterior, fitted latent scale factor',
  presets: {
    'demo-vae': demoPreset('vae', { latentChannels: 4, klWeight: 1e-6 }),
    'vae-2': demoPreset('vae', { latentChannels: 2, klWeight: 1e-6 }),
    'vae-1': demoPreset('vae', { latentChannels: 1, klWeight: 1e-6 }),
  },
  defaultPreset: 'demo-vae',
  createBottleneck: (config: unknown, rng: RandomSource) =>
    new DiagonalGaussianBottleneck(config as DiagonalGaussianOptions, rng),
  finalize(model: Autoencoder, data: Dataset, rng: RandomSource) {
    const fit = fitScaleFactor(model as Autoencoder<DiagonalGaussianBottleneck>, data, {
      rng,
      mode: 'sample',
      count: 512,
    });
    return { scaleFactor: fit.scaleFactor, latentStd: fit.std, latentMean: fit.mean, scaleImages: fit.count };
  },
  codec: (model: Autoencoder, sha: string) =>
    new VaeCodec(model as Autoencoder<DiagonalGaussianBottleneck>, sha),
};

/**
 * Loads a saved KL-VAE codec from its directory.
 *
 * @example
 * const codec = await loadVaeCodec('packages/vae/codecs/demo-vae');
 */
export async function loadVaeCodec(dir: string): Promise<VaeCodec> {
  const codec = await loadCodec(dir, [vaeFamily]);
  if (!(codec instanceof VaeCodec)) {
    codec.dispose();
    throw new VaeInputError(
      'loadVaeCodec',
      `${dir} does not hold a KL-VAE codec`,
      'load it with its own package (e.g. loadVqCodec)',
    );
  }
  return codec;
}
