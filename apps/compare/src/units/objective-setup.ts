/** The objective a training or evaluation unit builds: its setup from the unit config, the latents and the tokenizer. */
import type { LatentDataset, PromptTokenizer } from '@flopmatch/core';
import type { ResolvedSize } from '../plan/plan-pricing.js';
import type { ObjectiveSetup } from '../registries/components.js';
import type { ObjectiveEntry, Sweep } from '../sweep/sweep-schema.js';

/** The part of a unit config every objective-building unit has. */
export interface ObjectiveUnitConfig {
  plugins: string[];
  dataset: Sweep['dataset'];
  objective: ObjectiveEntry;
  size: ResolvedSize;
  codec: string;
}

/** The setup of the objective a unit trains or evaluates. */
export function objectiveSetupFor(
  config: ObjectiveUnitConfig & { training?: { conditioningDropout: number } },
  latent: { latentShape: LatentDataset['latentShape']; codebookSize?: number },
  tokenizer: PromptTokenizer,
  conditioningDropout: number,
): ObjectiveSetup {
  return {
    size: config.size,
    latentShape: { ...latent.latentShape },
    ...(latent.codebookSize !== undefined ? { codebookSize: latent.codebookSize } : {}),
    promptLength: config.dataset.promptLength,
    tokenizer,
    options: config.objective.options,
    conditioningDropout,
  };
}

/** The registry id of an objective entry. */
export function objectiveId(entry: ObjectiveEntry): string {
  return entry.id ?? `objective:${entry.name}`;
}
