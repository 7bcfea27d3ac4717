/**
 * The `codec` unit: obtains a codec (committed weights, or trained with `@flopmatch/autoencoder`,
 * resuming), then measures its reconstructions of held-out images (real set B of the protocol): PSNR and
 * SSIM, FD / KID / precision-recall against real set A, and the prompt checker's accuracy on them — the
 * ceiling any generator on this codec can reach.
 */
import { reconstructionReport, type TrainedCodec } from '@flopmatch/autoencoder';
import type { HostImages } from '@flopmatch/metrics';
import { ssimBatch } from '@flopmatch/metrics';
import { tf } from '@flopmatch/runtime';
import { codecData } from '../registries/registry-pricing.js';
import { unitDir } from '../run/run-unit.js';
import type { CodecEntry, Sweep } from '../sweep/sweep-schema.js';
import { datasetImages, measureQuality, protocolAt, readRealFeatures } from './evaluation-support.js';
import { dependency, type UnitHandler } from './unit-handler.js';
import { evaluationImages, fromRun, runRelative, unitRegistries } from './unit-support.js';

/** What the plan puts in a codec unit's config. */
export interface CodecUnitConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  codec: CodecEntry;
  reconstructionN: number;
  networks: Sweep['evaluation']['networks'];
  split: string;
}

/** decode(encode(x)) of host images, in batches. */
export function roundTrip(codec: TrainedCodec, images: HostImages, batchSize = 64): HostImages {
  const { height, width, channels } = images.shape;
  const per = height * width * channels;
  const out = new Float32Array(images.n * per);
  for (let start = 0; start < images.n; start += batchSize) {
    const m = Math.min(batchSize, images.n - start);
    const rec = tf.tidy(() => {
      const x = tf.tensor4d(images.data.subarray(start * per, (start + m) * per), [
        m,
        height,
        width,
        channels,
      ]);
      return codec.kind === 'discrete'
        ? codec.decode(codec.encode(x))
        : codec.decode(codec.encode(x, 'mean'));
    });
    out.set(rec.dataSync() as Float32Array, start * per);
    rec.dispose();
  }
  return { data: out, n: images.n, shape: images.shape };
}

/** Runs `codec` units. */
export const codecUnit: UnitHandler<'codec'> = {
  kind: 'codec',
  async run(ctx) {
    const config = ctx.unit.config as unknown as CodecUnitConfig;
    const r = await unitRegistries(config.plugins);
    const component = r.codecs.get(config.codec.id);
    const data = codecData(r, { dataset: config.dataset } as Sweep);
    const priced = component.price(config.codec.preset, config.codec.options, data);
    const obtained = await component.obtain({
      ...data,
      dir: ctx.dir,
      preset: config.codec.preset,
      options: config.codec.options,
      datasets: (name, c) => r.datasets.get(name).create(c),
      signal: ctx.signal,
      progress: (fraction, flops) => ctx.progress({ fraction: 0.8 * fraction, flops }),
    });
    const codec = (await component.load(obtained.dir)) as TrainedCodec;
    const evalNets = dependency(ctx, 'eval-nets');
    const nets = await r.evalNets.get(config.networks.id).load({
      features: {
        id: evalNets.result.extractor.id,
        dir: fromRun(ctx.runDir, evalNets.result.extractor.path),
        hash: evalNets.result.extractor.hash,
      },
    });
    try {
      const n = config.reconstructionN;
      const split = evaluationImages(config.dataset, config.split, r);
      const report = reconstructionReport({ codec, dataset: split, count: n, metrics: { ssim: ssimBatch } });
      ctx.progress({ fraction: 0.9 });
      const b = datasetImages(split, n, n);
      const reconstructed = roundTrip(codec, b.images);
      const real = await readRealFeatures(unitDir(ctx.runDir, evalNets.unit), n);
      const quality = measureQuality({
        nets: { features: nets.features, dispose: () => {} },
        protocol: protocolAt(n, config.split),
        real,
        images: reconstructed,
        prompts: b.captions,
        meta: b.meta,
      });
      // The report's round trip of N images, ours of real set B, and B's reconstructions featurised.
      const feature = r.evalNets
        .get(config.networks.id)
        .price(config.networks.preset, config.dataset, config.networks.options).featureFlopsPerImage;
      const spent = n * (2 * (codec.flops.encodePerImage + codec.flops.decodePerImage) + feature);
      return {
        seeds: { protocol: 0 },
        flops: { model: obtained.trainFlops.model + spent, executed: obtained.trainFlops.executed + spent },
        codecHash: obtained.hash,
        evalNetHash: evalNets.result.extractor.hash,
        result: {
          name: config.codec.name,
          id: component.id,
          latentKind: codec.kind,
          preset: config.codec.preset,
          latentShape: { ...codec.latentShape },
          downsampleFactor: codec.downsampleFactor,
          bitsPerPosition: codec.bitsPerPosition,
          ...(codec.kind === 'discrete' ? { codebookSize: codec.codebookSize } : {}),
          params: priced.params,
          flops: { ...codec.flops },
          hash: obtained.hash,
          path: runRelative(ctx.runDir, obtained.dir),
          source: obtained.source,
          reconstruction: {
            psnr: { name: 'PSNR', value: report.psnr.value, n: report.dataset.count, std: report.psnr.std },
            ssim: { name: 'SSIM', value: report.ssim.value ?? Number.NaN, n: report.dataset.count },
            fd: quality.fd,
            ...(quality.promptAccuracy ? { promptAccuracy: quality.promptAccuracy } : {}),
          },
        },
      };
    } finally {
      codec.dispose();
      nets.dispose();
    }
  },
};
