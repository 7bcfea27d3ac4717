/**
 * The serialisable config of a generator training run: budget, batch, optimizer, learning-rate schedule,
 * milestones and EMAs. Frozen data validated by zod through `parseConfig`; it is saved in every checkpoint
 * manifest, and a run directory refuses to resume under a different one.
 */
import { ConfigError, parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const fraction = z.number().gt(0).max(1);

/** AdamW and clipping. */
export const OptimizerConfigSchema = z.strictObject({
  /** Peak learning rate η_max (the stable-phase rate of WSD). Required: pick it with `sweepLearningRate`. */
  lr: z.number().positive(),
  /** Adam β₁. Default 0.9 (Kingma & Ba, arXiv:1412.6980). */
  beta1: z.number().min(0).lt(1).default(0.9),
  /** Adam β₂. Default 0.999 (Kingma & Ba; DiT, arXiv:2212.09748 §4). */
  beta2: z.number().min(0).lt(1).default(0.999),
  /** Adam ε. Default 1e-8. */
  eps: z.number().positive().default(1e-8),
  /** Decoupled weight decay λ, applied to rank ≥ 2 weights only (nanoGPT's rule). Default 0 (DiT). */
  weightDecay: z.number().nonnegative().default(0),
  /** Clip the global gradient norm to this (Pascanu et al., arXiv:1211.5063). Default 1. */
  maxGradNorm: z.number().positive().default(1),
});

/** Warmup–stable–decay with a cooldown branch per milestone (Hägele et al., arXiv:2405.18392). */
export const WsdScheduleSchema = z.strictObject({
  kind: z.literal('wsd'),
  /** Linear warmup steps. Default 0. */
  warmupSteps: z.number().int().nonnegative().default(0),
  /** κ: each milestone's cooldown as a share of its steps. Default 0.2 (Hägele et al. §3: 20%). */
  cooldownFraction: z.number().gt(0).lt(1).default(0.2),
  /** Cooldown shape. Default `1-sqrt` (Hägele et al.'s best). */
  decayShape: z.enum(['linear', 'cosine', '1-sqrt']).default('1-sqrt'),
  /** η_min as a fraction of the peak rate. Default 0. */
  minLrFraction: z.number().min(0).max(1).default(0),
});

/** One run from scratch per milestone with warmup + cosine decay to its own end (the classic baseline). */
export const CosineScheduleSchema = z.strictObject({
  kind: z.literal('cosine'),
  /** Linear warmup steps. Default 0. */
  warmupSteps: z.number().int().nonnegative().default(0),
  /** η_min as a fraction of the peak rate. Default 0.1 (Chinchilla, arXiv:2203.15556 §3: decay 10×). */
  minLrFraction: z.number().min(0).max(1).default(0.1),
});

const EmaEntrySchema = z.union([
  fraction,
  z.strictObject({
    /** Checkpoint file stem. Default `ema-<halfLife>` (`ema-run-<halfLife>` for `relativeTo: 'run'`). */
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, _ . -')
      .refine(
        (s) => !['model', 'optimizer', 'manifest'].includes(s),
        'model, optimizer and manifest are taken',
      )
      .optional(),
    /** f: half-life as a fraction of the run. */
    halfLife: fraction,
    /**
     * `elapsed` (default): f of the steps so far, so every milestone's EMA spans f of its own steps; `run`: f of
     * the run's total steps (WSD: the largest milestone's Nᵢ, so small milestones get long EMAs; cosine: each
     * budget's own run).
     */
    relativeTo: z.enum(['elapsed', 'run']).default('elapsed'),
  }),
]);

/** zod schema of `TrainerConfig`. */
export const TrainerConfigSchema = z
  .strictObject({
    type: z.literal('trainer:generator').default('trainer:generator'),
    version: z.literal(1).default(1),
    /** B: the run's largest budget in model FLOPs (from the ledger). */
    budgetFlops: z.number().positive(),
    /** Examples per optimizer step. */
    batchSize: z.number().int().positive(),
    /** Prompt length L in tokens. */
    promptLength: z.number().int().positive(),
    /** Seed of the run's random stream (data order, noise, dropout). Default 0. */
    seed: z.union([z.string(), z.number().int()]).default(0),
    optimizer: OptimizerConfigSchema,
    /** Default `{ kind: 'wsd' }`. */
    schedule: z
      .discriminatedUnion('kind', [WsdScheduleSchema, CosineScheduleSchema])
      .prefault({ kind: 'wsd' }),
    /** Budget points as fractions of `budgetFlops`, strictly increasing. Default log-spaced [0.125, 0.25, 0.5, 1]. */
    milestones: z.array(fraction).min(1).default([0.125, 0.25, 0.5, 1]),
    /** EMAs kept and saved with every milestone: fractions f (relative to the steps so far) or specs. Default [0.05, 0.1, 0.2]. */
    emas: z.array(EmaEntrySchema).default([0.05, 0.1, 0.2]),
    /** Checkpoint every this many steps (for resume); milestones are always saved. Default: only at phase ends. */
    checkpointEverySteps: z.number().int().positive().optional(),
    /** Training loss averaged over this share of a milestone's last steps for `finalLoss`. Default 0.1. */
    lossWindow: fraction.default(0.1),
  })
  .superRefine((c, ctx) => {
    c.milestones.forEach((f, i) => {
      if (i > 0 && f <= c.milestones[i - 1]!)
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i],
          message: `must be larger than milestones[${i - 1}]`,
        });
    });
  });

/** A validated, frozen trainer config. */
export type TrainerConfig = z.output<typeof TrainerConfigSchema>;
/** What `parseTrainerConfig` accepts (defaults not yet filled). */
export type TrainerConfigInput = z.input<typeof TrainerConfigSchema>;

/** An EMA spec with its id resolved. */
export interface ResolvedEma {
  id: string;
  halfLife: number;
  relativeTo: 'elapsed' | 'run';
}

/** The config's EMAs with default ids filled in. */
export function resolveEmas(config: TrainerConfig): ResolvedEma[] {
  return config.emas.map((e) => {
    const spec = typeof e === 'number' ? { halfLife: e, relativeTo: 'elapsed' as const } : e;
    const id = ('id' in spec && spec.id) || `ema-${spec.relativeTo === 'run' ? 'run-' : ''}${spec.halfLife}`;
    return { id, halfLife: spec.halfLife, relativeTo: spec.relativeTo };
  });
}

/**
 * Validates a trainer config, filling defaults; throws a `ConfigError` naming each bad field, its value and
 * the fix.
 *
 * @example
 * const config = parseTrainerConfig({ budgetFlops: 1e12, batchSize: 64, promptLength: 16, optimizer: { lr: 3e-4 } });
 */
export function parseTrainerConfig(value: unknown, source = 'trainer config'): TrainerConfig {
  const config = parseConfig(TrainerConfigSchema, value, source);
  const ids = resolveEmas(config).map((e) => e.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) {
    throw new ConfigError(source, [
      {
        path: `emas[${ids.lastIndexOf(dup)}]`,
        value: JSON.stringify(config.emas[ids.lastIndexOf(dup)]),
        message: `a second EMA named '${dup}'`,
        fix: 'give each EMA its own id or half-life',
      },
    ]);
  }
  return config;
}
