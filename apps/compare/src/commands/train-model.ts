/**
 * The app's half of `flopmatch train` (`@flopmatch/trainer`'s command builds everything else): the run
 * config's `model` section names an objective, a backbone size and a latent cache, and `buildTrainModel`
 * turns it into components through the registries.
 *
 *   { "dir": "runs/flow-s",
 *     "model": { "objective": "flow", "size": "fm-s", "latents": "runs/demo/units/latents.vae/cache" },
 *     "trainer": { "budgetFlops": 1e12, "batchSize": 32, "promptLength": 16, "optimizer": { "lr": 1e-3 } } }
 */
import { resolve } from 'node:path';
import { LatentCache } from '@flopmatch/autoencoder';
import { initRuntime } from '@flopmatch/runtime';
import { loadBpeTokenizer, trainBpe } from '@flopmatch/text';
import type { TrainComponents } from '@flopmatch/trainer';
import { z } from 'zod';
import { resolvePluginPath } from '../registries/load-plugins.js';
import { TOKENIZER_CAPTIONS } from '../registries/prompt-tokenizer.js';
import { OBJECTIVE_NAMES } from '../store/schema.js';
import { SizeEntrySchema } from '../sweep/sweep-schema.js';
import { objectiveSetupFor } from '../units/objective-setup.js';
import { unitRegistries } from '../units/unit-support.js';

/** The `model` section of a `flopmatch train` run config. */
export const TrainModelSchema = z.strictObject({
  /** `flow`, `masked` or `next-token`. */
  objective: z.enum(OBJECTIVE_NAMES),
  /** Registry id of the objective. Default `objective:<objective>`. */
  id: z.string().optional(),
  /** Options passed to the objective (e.g. `{ "patchSize": 2 }`). Default {}. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Backbone: a size preset id (`fm-xs` … `fm-xl`) or `{ name, layers, width, heads }`. */
  size: SizeEntrySchema,
  /** A latent cache folder (`flopmatch ae encode`, or a compare run's `units/latents.<codec>/cache`). */
  latents: z.string(),
  /** A tokenizer file (`tokenizer.json` of a compare run). Default: BPE trained on the cache's captions. */
  tokenizer: z.string().optional(),
  /** Prompt length in tokens; use the trainer's `promptLength`. Default 16. */
  promptLength: z.number().int().positive().default(16),
  /** Largest prompt vocabulary when the tokenizer is trained here. Default 512. */
  promptVocab: z.number().int().min(260).default(512),
  /** Conditioning dropout for classifier-free guidance. Default 0.1. */
  conditioningDropout: z.number().min(0).max(1).default(0.1),
  /** Seed of the initial weights. Default 0. */
  seed: z.number().int().default(0),
  /** Tensor backend. Default `wasm`. */
  backend: z.enum(['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']).default('wasm'),
  /** Plugin modules registering components (paths relative to the working directory). Default none. */
  plugins: z.array(z.string()).default([]),
});

/** Builds the objective, latent data and tokenizer a `train` run config names. */
export async function buildTrainModel(
  model: z.output<typeof TrainModelSchema>,
  context: { cwd: string },
): Promise<TrainComponents> {
  await initRuntime({ backend: model.backend });
  const r = await unitRegistries(model.plugins.map((p) => resolvePluginPath(p, context.cwd)));
  const data = LatentCache.open(resolve(context.cwd, model.latents));
  const tokenizer = model.tokenizer
    ? await loadBpeTokenizer(resolve(context.cwd, model.tokenizer))
    : trainBpe(
        Array.from({ length: Math.min(TOKENIZER_CAPTIONS, data.size) }, (_, i) => data.get(i).caption),
        { vocabSize: model.promptVocab, allowSmallerVocab: true },
      );
  const size = typeof model.size === 'string' ? { name: model.size, ...r.sizes.get(model.size) } : model.size;
  const objective = r.objectives.get(model.id ?? `objective:${model.objective}`).create(
    objectiveSetupFor(
      {
        plugins: model.plugins,
        dataset: { promptLength: model.promptLength } as never,
        objective: { name: model.objective, options: model.options },
        size,
        codec: 'cache',
      },
      data,
      tokenizer,
      model.conditioningDropout,
    ),
    model.seed,
  );
  return { objective, data, tokenizer };
}
