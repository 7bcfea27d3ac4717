/**
 * The `eval-nets` unit: obtains the evaluation networks (committed, or trained when missing) and measures
 * the real-vs-real baseline at every N the run evaluates at — real set A (the protocol's first N images of
 * the evaluation split) against the disjoint real set B — plus the prompt checker's and the CLIP-like
 * score's values on real images. Real set A's features are saved for the evaluation units.
 */
import { join } from 'node:path';
import { writeFeatureSet } from '@flopmatch/metrics';
import type { Sweep } from '../sweep/sweep-schema.js';
import { datasetImages, measureQuality, protocolAt, realFeaturesFile } from './evaluation-support.js';
import type { UnitHandler } from './unit-handler.js';
import { evaluationImages, runRelative, unitRegistries } from './unit-support.js';

/** What the plan puts in the eval-nets unit's config. */
export interface EvalNetsUnitConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  networks: Sweep['evaluation']['networks'];
  baselineNs: number[];
  promptSplit: string;
}

/** Runs the `eval-nets` unit. */
export const evalNetsUnit: UnitHandler<'eval-nets'> = {
  kind: 'eval-nets',
  async run(ctx) {
    const config = ctx.unit.config as unknown as EvalNetsUnitConfig;
    const r = await unitRegistries(config.plugins);
    const component = r.evalNets.get(config.networks.id);
    const priced = component.price(config.networks.preset, config.dataset, config.networks.options);
    const obtained = await component.obtain({
      dir: ctx.dir,
      preset: config.networks.preset,
      options: config.networks.options,
      dataset: config.dataset,
      datasets: (name, c) => r.datasets.get(name).create(c),
      signal: ctx.signal,
      progress: (fraction, flops) => ctx.progress({ fraction: 0.5 * fraction, flops }),
    });
    const nets = await component.load(obtained);
    try {
      const split = evaluationImages(config.dataset, config.promptSplit, r);
      const realBaseline = [];
      let extracted = 0;
      for (const [i, n] of config.baselineNs.entries()) {
        const protocol = protocolAt(n, config.promptSplit);
        const a = datasetImages(split, 0, n);
        const b = datasetImages(split, n, n);
        const realA = nets.features.extractHost(a.images);
        await writeFeatureSet(join(ctx.dir, realFeaturesFile(n)), realA);
        const quality = measureQuality({
          nets,
          protocol,
          real: realA,
          images: b.images,
          prompts: b.captions,
          meta: b.meta,
        });
        realBaseline.push({ n, ...quality });
        extracted += 2 * n * priced.featureFlopsPerImage + n * priced.clipFlopsPerImage;
        ctx.progress({ fraction: 0.5 + (0.5 * (i + 1)) / config.baselineNs.length });
      }
      const location = (l: { id: string; dir: string; hash: string }, dim: number) => ({
        id: l.id,
        hash: l.hash,
        dim,
        path: runRelative(ctx.runDir, l.dir),
      });
      return {
        seeds: { protocol: 0 },
        flops: {
          model: obtained.trainFlops.model + extracted,
          executed: obtained.trainFlops.executed + extracted,
        },
        evalNetHash: obtained.features.hash,
        result: {
          extractor: location(obtained.features, nets.features.dim),
          ...(obtained.clip && nets.clip ? { clip: location(obtained.clip, nets.clip.dim) } : {}),
          source: obtained.source,
          realBaseline,
        },
      };
    } finally {
      nets.dispose();
    }
  },
};
