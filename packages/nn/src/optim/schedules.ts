/**
 * Learning-rate schedules as pure functions of the step (0-based).
 *
 * - Warmup + cosine decay — I. Loshchilov, F. Hutter, "SGDR", arXiv:1608.03983, eq. (5), a single cycle
 *   after linear warmup (as GPT-2/nanoGPT): η = η_min + ½(η_max − η_min)(1 + cos(π·progress)).
 * - Warmup–stable–decay — S. Hu et al., "MiniCPM", arXiv:2404.06395, §4.1 (WSD), and A. Hägele et al.,
 *   "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations", arXiv:2405.18392, §3
 *   (the 1 − √ cooldown): constant after warmup, then a short decay to η_min at the end. A run can branch
 *   off its stable phase at any step into a cooldown, so one run yields checkpoints for many budgets.
 *
 * Warmup is linear: η = η_max·(step + 1)/warmupSteps for step < warmupSteps (the first step is not 0).
 */
import { OptionError } from '../errors.js';

/** Options of `warmupCosine`. */
export interface WarmupCosineOptions {
  /** η_max, reached at the end of warmup. */
  peakLr: number;
  /** Linear warmup length in steps. Default 0. */
  warmupSteps?: number;
  /** Total steps; the cosine reaches `minLr` here and stays there. */
  totalSteps: number;
  /** η_min. Default 0. */
  minLr?: number;
}

/** The shape of the WSD cooldown: `linear`, `cosine` or `1-sqrt` (Hägele et al.'s best). */
export type DecayShape = 'linear' | 'cosine' | '1-sqrt';

/** Options of `warmupStableDecay`. */
export interface WarmupStableDecayOptions {
  /** η_max of the stable phase. */
  peakLr: number;
  /** Linear warmup length in steps. Default 0. */
  warmupSteps?: number;
  /** Total steps; the decay ends here at `minLr`. */
  totalSteps: number;
  /** Length of the final decay in steps (e.g. 20% of `totalSteps`, Hägele et al.). */
  decaySteps: number;
  /** η_min. Default 0. */
  minLr?: number;
  /** Default `1-sqrt`. */
  decayShape?: DecayShape;
}

function check(
  where: string,
  o: { peakLr: number; warmupSteps?: number; totalSteps: number; minLr?: number },
): void {
  if (!(o.peakLr >= 0)) throw new OptionError(where, 'peakLr', o.peakLr, 'a non-negative number');
  if (!(Number.isInteger(o.totalSteps) && o.totalSteps > 0))
    throw new OptionError(where, 'totalSteps', o.totalSteps, 'a positive integer');
  const warmup = o.warmupSteps ?? 0;
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup <= o.totalSteps)) {
    throw new OptionError(where, 'warmupSteps', warmup, `an integer in [0, totalSteps = ${o.totalSteps}]`);
  }
  const min = o.minLr ?? 0;
  if (!(min >= 0 && min <= o.peakLr))
    throw new OptionError(where, 'minLr', min, `a number in [0, peakLr = ${o.peakLr}]`);
}

function warmupValue(step: number, peak: number, warmup: number): number | undefined {
  return step < warmup ? (peak * (step + 1)) / warmup : undefined;
}

/**
 * Linear warmup then one cosine decay to `minLr` at `totalSteps`.
 *
 * @example
 * warmupCosine(step, { peakLr: 3e-4, warmupSteps: 100, totalSteps: 10_000, minLr: 3e-5 });
 */
export function warmupCosine(step: number, options: WarmupCosineOptions): number {
  check('warmupCosine', options);
  const { peakLr, totalSteps } = options;
  const warmup = options.warmupSteps ?? 0;
  const min = options.minLr ?? 0;
  const w = warmupValue(step, peakLr, warmup);
  if (w !== undefined) return w;
  const progress = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup));
  return min + 0.5 * (peakLr - min) * (1 + Math.cos(Math.PI * progress)); // SGDR eq. (5)
}

/**
 * Linear warmup, constant `peakLr`, then a decay over the last `decaySteps` steps to `minLr`.
 *
 * @example
 * warmupStableDecay(step, { peakLr: 1e-3, warmupSteps: 200, totalSteps: 20_000, decaySteps: 4_000 });
 */
export function warmupStableDecay(step: number, options: WarmupStableDecayOptions): number {
  check('warmupStableDecay', options);
  const { peakLr, totalSteps, decaySteps } = options;
  const warmup = options.warmupSteps ?? 0;
  if (!(Number.isInteger(decaySteps) && decaySteps >= 0 && decaySteps <= totalSteps - warmup)) {
    throw new OptionError(
      'warmupStableDecay',
      'decaySteps',
      decaySteps,
      `an integer in [0, totalSteps − warmupSteps = ${totalSteps - warmup}]`,
    );
  }
  const min = options.minLr ?? 0;
  const w = warmupValue(step, peakLr, warmup);
  if (w !== undefined) return w;
  const decayStart = totalSteps - decaySteps;
  if (step < decayStart) return peakLr;
  const progress = Math.min(1, (step - decayStart) / Math.max(1, decaySteps)); // 0 → 1 over the cooldown
  const shape = options.decayShape ?? '1-sqrt';
  const factor =
    shape === 'linear'
      ? 1 - progress
      : shape === 'cosine'
        ? 0.5 * (1 + Math.cos(Math.PI * progress))
        : 1 - Math.sqrt(progress);
  return min + (peakLr - min) * factor;
}
