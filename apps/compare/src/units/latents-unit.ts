/**
 * The `latents` unit: encodes the training images (dataset indices [0, trainingSetSize)) once with a
 * codec into a latent cache (`@flopmatch/autoencoder`'s `writeLatentCache`), so generator training never
 * runs the encoder. Rerunning after a kill re-encodes from scratch (it is the cheapest unit).
 */
import { join } from 'node:path';
import { writeLatentCache } from '@flopmatch/autoencoder';
import type { Sweep } from '../sweep/sweep-schema.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { fromRun, runRelative, trainingImages, unitRegistries } from './unit-support.js';

/** What the plan puts in a latents unit's config. */
export interface LatentsUnitConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  codec: string;
}

/** Runs `latents` units. */
export const latentsUnit: UnitHandler<'latents'> = {
  kind: 'latents',
  async run(ctx) {
    const config = ctx.unit.config as unknown as LatentsUnitConfig;
    const r = await unitRegistries(config.plugins);
    const codecRecord = dependency(ctx, 'codec');
    const codec = await r.codecs
      .get(codecRecord.result.id)
      .load(fromRun(ctx.runDir, codecRecord.result.path));
    try {
      const dir = join(ctx.dir, 'cache');
      const count = config.dataset.trainingSetSize;
      const manifest = await writeLatentCache({
        dir,
        codec,
        codecHash: codecRecord.result.hash,
        dataset: trainingImages(config.dataset, r),
        count,
        onProgress: (written, total) =>
          ctx.progress({ fraction: written / total, flops: written * codec.flops.encodePerImage }),
      });
      const flops = count * codec.flops.encodePerImage;
      return {
        seeds: {},
        flops: { model: flops, executed: flops },
        codecHash: codecRecord.result.hash,
        result: {
          codec: config.codec,
          codecHash: codecRecord.result.hash,
          latentKind: codec.kind,
          latentShape: { ...codec.latentShape },
          size: manifest.size,
          path: runRelative(ctx.runDir, dir),
        },
      };
    } finally {
      (codec as { dispose?: () => void }).dispose?.();
    }
  },
};
