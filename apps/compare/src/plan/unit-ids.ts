/** Unit ids of a comparison run: dotted words, one per thing that varies (safe as folder names). */
import type { ObjectiveName } from '../store/schema.js';

/** What identifies one training run. */
export interface RunKey {
  objective: ObjectiveName;
  size: string;
  codec: string;
  seed: number;
}

/** Ids of every unit kind. */
export const unitIds = {
  codec: (codec: string) => `codec.${codec}`,
  evalNets: () => 'eval-nets',
  latents: (codec: string) => `latents.${codec}`,
  lrPick: (objective: ObjectiveName, size: string, codec: string) => `lr-pick.${objective}.${size}.${codec}`,
  train: (k: RunKey) => `train.${k.objective}.${k.size}.${k.codec}.s${k.seed}`,
  evaluation: (k: RunKey, milestone: number, weights: 'raw' | 'ema') =>
    `eval.${k.objective}.${k.size}.${k.codec}.s${k.seed}.m${milestone}.${weights}`,
  inference: (k: RunKey, milestone: number, weights: 'raw' | 'ema') =>
    `inference.${k.objective}.${k.size}.${k.codec}.s${k.seed}.m${milestone}.${weights}`,
  report: () => 'report',
};
