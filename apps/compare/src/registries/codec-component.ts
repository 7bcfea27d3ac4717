/**
 * Codec components from `@flopmatch/autoencoder` codec families (`vqFamily`, `lfqFamily`, `fsqFamily` of
 * `@flopmatch/vq`, `vaeFamily` of `@flopmatch/vae`): a preset's committed weights are reused when they were
 * trained for the same images; otherwise the codec unit trains the preset with `trainAutoencoder` (resuming
 * from its checkpoints). Prices come from the codec manifest (`codec.json`, ledger costs recorded at save
 * time) or, for a codec still to train, from the family's network built and priced by the ledger.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  type AeRunConfig,
  Autoencoder,
  CODEC_MANIFEST_FILE,
  type CodecFamily,
  type CodecManifest,
  CodecManifestSchema,
  loadCodec,
  parseAeRunConfig,
  parseConvAutoencoderConfig,
  trainAutoencoder,
} from '@flopmatch/autoencoder';
import { deepMerge, FileFormatError, Rng } from '@flopmatch/core';
import type { CodecPricing } from '../plan/plan-pricing.js';
import type { CodecComponent, CodecDataContext } from './components.js';

/** The folder committed codecs of a package live in: `<package>/codecs/<preset>/`. */
export function committedCodecRoot(packageName: string): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`)), 'codecs');
  } catch {
    return undefined;
  }
}

function readManifest(dir: string): CodecManifest {
  const path = join(dir, CODEC_MANIFEST_FILE);
  const parsed = CodecManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new FileFormatError(path, `not a valid codec manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The `train-ae` run config a sweep entry stands for: the preset, its options, and the sweep's data. */
export function codecRunConfig(
  family: CodecFamily,
  preset: string,
  options: Record<string, unknown>,
  data: CodecDataContext,
): AeRunConfig {
  const base = deepMerge(family.presets[preset], options) as Record<string, unknown>;
  const name = data.dataset.id.replace(/^dataset:/, '');
  return parseAeRunConfig(
    deepMerge(base, {
      autoencoder: { image: { ...data.imageShape } },
      data: {
        dataset: name,
        train: { ...data.dataset.options, split: 'train' },
        heldout: { ...data.dataset.options, split: 'test' },
        subset: data.dataset.trainingSetSize,
      },
    }),
    `${family.id} preset ${preset}`,
  );
}

function pricingFromManifest(m: CodecManifest, committed: boolean, trainFlops: number): CodecPricing {
  const { latentShape } = m.capacity;
  return {
    latentKind: m.kind,
    latentShape: { ...latentShape },
    bitsPerPosition: m.capacity.bitsPerPosition,
    ...(m.capacity.codebookSize !== undefined ? { codebookSize: m.capacity.codebookSize } : {}),
    downsampleFactor: m.autoencoder.downsampleFactor as number,
    params: m.cost.encoder.params + m.cost.decoder.params + m.cost.bottleneckParams,
    encodePerImage: m.cost.encoder.flopsPerImage,
    decodePerImage: m.cost.decoder.flopsPerImage,
    trainFlops,
    committed,
  };
}

/** Options of `familyCodecComponent`. */
export interface FamilyCodecOptions {
  family: CodecFamily;
  /** Every family, for loading any saved codec. */
  families: readonly CodecFamily[];
  /** Folder with committed codecs by preset. Default: none. */
  committedRoot?: string;
}

/** A codec component for one family. */
export function familyCodecComponent(options: FamilyCodecOptions): CodecComponent {
  const { family, families } = options;
  const kind: 'discrete' | 'continuous' = family.id === 'codec:vae' ? 'continuous' : 'discrete';

  /** The committed directory for a preset, when its weights were trained for these images. */
  const committed = (preset: string, opts: Record<string, unknown>, data: CodecDataContext) => {
    if (!options.committedRoot || Object.keys(opts).length > 0) return undefined;
    const dir = join(options.committedRoot, preset);
    if (!existsSync(join(dir, CODEC_MANIFEST_FILE))) return undefined;
    const manifest = readManifest(dir);
    const image = manifest.autoencoder.image as { height: number; width: number; channels: number };
    const trainedOn = (manifest.training as { data?: { dataset?: string } } | undefined)?.data?.dataset;
    const sameData =
      trainedOn === undefined || `dataset:${trainedOn}` === data.dataset.id || trainedOn === data.dataset.id;
    const same =
      image.height === data.imageShape.height &&
      image.width === data.imageShape.width &&
      image.channels === data.imageShape.channels;
    return same && sameData ? { dir, manifest } : undefined;
  };

  return {
    id: family.id,
    latentKind: kind,
    presets: () => Object.keys(family.presets),
    price(preset, opts, data) {
      const found = committed(preset, opts, data);
      if (found) return pricingFromManifest(found.manifest, true, 0);
      const config = codecRunConfig(family, preset, opts, data);
      const rng = new Rng(0);
      const model = new Autoencoder(
        parseConvAutoencoderConfig(config.autoencoder),
        family.createBottleneck(config.bottleneck, rng.split('bottleneck')),
        { rng: rng.split('ae') },
      );
      try {
        const draft = family.codec(model, '');
        const cost = model.cost();
        const perImage = cost.encoder.training.model + cost.decoder.training.model;
        return {
          latentKind: draft.kind,
          latentShape: { ...draft.latentShape },
          bitsPerPosition: draft.bitsPerPosition,
          ...(draft.kind === 'discrete' ? { codebookSize: draft.codebookSize } : {}),
          downsampleFactor: draft.downsampleFactor,
          params: cost.encoder.params + cost.decoder.params + cost.bottleneckParams,
          encodePerImage: draft.flops.encodePerImage,
          decodePerImage: draft.flops.decodePerImage,
          trainFlops: perImage * config.train.batchSize * config.steps,
          committed: false,
        };
      } finally {
        model.dispose();
      }
    },
    async obtain(ctx) {
      const found = committed(ctx.preset, ctx.options, ctx);
      if (found)
        return {
          dir: found.dir,
          hash: found.manifest.weights.sha256,
          source: 'committed',
          trainFlops: { model: 0, executed: 0 },
        };
      const config = codecRunConfig(family, ctx.preset, ctx.options, ctx);
      const codecDir = join(ctx.dir, 'codec');
      const result = await trainAutoencoder({
        config,
        family,
        dir: ctx.dir,
        codecDir,
        signal: ctx.signal,
        datasets: ctx.datasets,
        onProgress: (p) => ctx.progress(p.fraction, p.spent.model),
      });
      if (!result.manifest)
        throw new Error(`training ${family.id} ${ctx.preset} was stopped before its budget`);
      return {
        dir: codecDir,
        hash: result.manifest.weights.sha256,
        source: 'trained',
        trainFlops: result.training.flops,
      };
    },
    load: (dir) => loadCodec(dir, families),
  };
}
