/**
 * The evaluation networks of `@flopmatch/metrics` as a component: for a dataset `<name>`, the feature
 * network `<name>-features` (FD, KID, precision/recall) and, where a preset exists, the mini-CLIP
 * `<name>-clip` (CLIP-like score). Committed networks (`@flopmatch/metrics/assets/<id>`) are reused;
 * missing ones are trained with `trainEvalNet` into the eval-nets unit's folder. Prices come from each
 * network's ledger `cost()` (forward per image).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, scaleFlops } from '@flopmatch/core';
import {
  EVAL_NET_MANIFEST,
  EVAL_NET_PRESETS,
  type EvalNetConfig,
  EvalNetManifestSchema,
  evalNetAssetsDir,
  FeatureNet,
  loadClipNetwork,
  loadFeatureNetwork,
  MiniClip,
  parseEvalNetConfig,
  trainEvalNet,
} from '@flopmatch/metrics';
import type { EvalNetPricing } from '../plan/plan-pricing.js';
import type { Sweep } from '../sweep/sweep-schema.js';
import type { EvalNetComponent, EvalNetLocation } from './components.js';

/** The presets of the networks a sweep's dataset is evaluated with (`features` always, `clip` when one exists). */
export function evalNetPresets(
  preset: string,
  dataset: Sweep['dataset'],
): { features: string; clip?: string } {
  const name = dataset.id.replace(/^dataset:/, '');
  const features = `${name}-features`;
  if (!Object.hasOwn(EVAL_NET_PRESETS, features))
    throw new Error(
      `no evaluation network preset '${features}' for ${dataset.id}; presets: ${Object.keys(EVAL_NET_PRESETS).join(', ')}`,
    );
  const clip = `${name}-clip`;
  return preset !== 'features-only' && Object.hasOwn(EVAL_NET_PRESETS, clip)
    ? { features, clip }
    : { features };
}

function committedManifest(presetName: string) {
  const config = EVAL_NET_PRESETS[presetName]!.config as { name: string; netVersion: number };
  const id = `${config.name}-v${config.netVersion}`;
  const dir = join(evalNetAssetsDir(), id);
  const path = join(dir, EVAL_NET_MANIFEST);
  if (!existsSync(path)) return { id, dir, manifest: undefined };
  return { id, dir, manifest: EvalNetManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) };
}

/** Overrides of a network's preset: training (`steps`, `batchSize` …) and architecture. */
interface NetOptions {
  train?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The committed network of a preset, unless options ask for a network trained in the run. */
function committed(presetName: string, options: NetOptions) {
  const found = committedManifest(presetName);
  return Object.keys(options).length > 0 ? { ...found, manifest: undefined } : found;
}

/** Forward FLOPs of one image through a network built from `config` (weights never trained; disposed). */
function forwardPerImage(config: EvalNetConfig): number {
  const rng = new Rng('eval-net/price');
  if (config.kind === 'clip') {
    const net = new MiniClip(config, rng);
    try {
      return net.cost(1).forward.model;
    } finally {
      net.dispose();
    }
  }
  const net = new FeatureNet(config, rng);
  try {
    return net.cost().forward.model;
  } finally {
    net.dispose();
  }
}

/** The `evalnet:default` component. */
export function evalNetComponent(): EvalNetComponent {
  const price = (
    presetName: string,
    options: NetOptions,
  ): { perImage: number; trainFlops: number; committed: boolean } => {
    const found = committed(presetName, options);
    if (found.manifest)
      return { perImage: forwardPerImage(found.manifest.config), trainFlops: 0, committed: true };
    const preset = EVAL_NET_PRESETS[presetName]!;
    // A mini-CLIP's text vocabulary is fixed by its training captions; only feature networks are priced here.
    const features = presetName.endsWith('-clip')
      ? undefined
      : parseEvalNetConfig({ ...preset.config, ...(options.config ?? {}) });
    const perImage = features ? forwardPerImage(features) : 0;
    const train = { ...preset.train, ...(options.train ?? {}) } as { steps?: number; batchSize?: number };
    return {
      perImage,
      trainFlops: 3 * perImage * (train.steps ?? 0) * (train.batchSize ?? 0),
      committed: false,
    };
  };
  return {
    id: 'evalnet:default',
    presets: () => ['default', 'features-only'],
    price(preset, dataset, options = {}): EvalNetPricing {
      const names = evalNetPresets(preset, dataset);
      const f = price(names.features, options);
      const c = names.clip ? price(names.clip, options) : undefined;
      return {
        featureFlopsPerImage: f.perImage,
        clipFlopsPerImage: c?.perImage ?? 0,
        trainFlops: f.trainFlops + (c?.trainFlops ?? 0),
        committed: f.committed && (c?.committed ?? true),
      };
    },
    async obtain(ctx) {
      const names = evalNetPresets(ctx.preset, ctx.dataset);
      let trained = false;
      let spent = { model: 0, executed: 0 };
      const options = (ctx.options ?? {}) as NetOptions;
      const one = async (presetName: string, share: [number, number]): Promise<EvalNetLocation> => {
        const found = committed(presetName, options);
        if (found.manifest) return { id: found.id, dir: found.dir, hash: found.manifest.extractorHash };
        trained = true;
        const outDir = join(ctx.dir, found.id);
        const result = await trainEvalNet({
          net: presetName,
          ...(options.train ? { train: options.train } : {}),
          ...(options.config ? { config: options.config } : {}),
          runDir: join(ctx.dir, `${found.id}-run`),
          outDir,
          datasets: ctx.datasets,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(share[0] + share[1] * p.fraction, spent.model + p.spent.model),
        });
        if (!result.manifest) throw new Error(`training evaluation network ${found.id} was stopped`);
        spent = {
          model: spent.model + result.manifest.training.flops.model,
          executed: spent.executed + result.manifest.training.flops.executed,
        };
        return { id: found.id, dir: outDir, hash: result.manifest.extractorHash };
      };
      const features = await one(names.features, [0, 0.5]);
      const clip = names.clip ? await one(names.clip, [0.5, 0.5]) : undefined;
      return {
        features,
        ...(clip ? { clip } : {}),
        source: trained ? 'trained' : 'committed',
        trainFlops: spent,
      };
    },
    async load(networks) {
      const features = await loadFeatureNetwork(networks.features.id, { dir: networks.features.dir });
      const clip = networks.clip
        ? await loadClipNetwork(networks.clip.id, { dir: networks.clip.dir })
        : undefined;
      return {
        features,
        ...(clip ? { clip } : {}),
        dispose() {
          features.dispose();
          clip?.dispose();
        },
      };
    },
  };
}

/** FLOPs of `n` images through the networks (features, and the CLIP image + text towers). */
export function extractionFlops(pricing: EvalNetPricing, n: number) {
  return scaleFlops(
    {
      model: pricing.featureFlopsPerImage + pricing.clipFlopsPerImage,
      executed: pricing.featureFlopsPerImage + pricing.clipFlopsPerImage,
    },
    n,
  );
}
