/**
 * `flopmatch train --config run.json`: trains one objective to a FLOP budget with milestones, or sweeps its
 * learning rate. The app owns the registries: it passes a `build` callback that turns the run config's
 * `model` section (objective, backbone, codec, dataset ids and options) into components, so this package
 * never imports an objective.
 *
 * Run config (JSON, then `--<dotted.path>=<value>` overrides):
 *   { "dir": "runs/flow-s", "model": { …the app's… }, "trainer": { …TrainerConfig… },
 *     "sweep": { "rates": [1e-4, 3e-4, 1e-3], "budgetFlops": 1e12 } }
 */
import { resolve } from 'node:path';
import {
  type Command,
  type CommandArgs,
  type CommandContext,
  ConfigError,
  EXIT,
  JSON_OPTION,
  type LatentDataset,
  loadRunConfig,
  type Objective,
  type PromptTokenizer,
  printReport,
  UsageError,
} from '@flopmatch/core';
import { z } from 'zod';
import { sweepLearningRate } from './lr-sweep.js';
import { planMilestones } from './milestone-plan.js';
import { type TrainGeneratorResult, trainGenerator } from './train-generator.js';
import { parseTrainerConfig, TrainerConfigSchema } from './trainer-config.js';

/** What the app builds from the run config's `model` section. */
export interface TrainComponents {
  objective: Objective;
  data: LatentDataset;
  tokenizer: PromptTokenizer;
  /** Parameter names without weight decay. Default: rank < 2. */
  noDecay?: Iterable<string>;
}

/** Options of `createTrainCommand`. */
export interface TrainCommandOptions<S extends z.ZodType> {
  /** zod schema of the run config's `model` section (the app's component ids and options). */
  modelSchema: S;
  /** Defaults of the `model` section. Default `{}`. */
  modelDefaults?: Record<string, unknown>;
  /**
   * Builds fresh components from the validated `model` section. Called once per run; an LR sweep calls it
   * once per rate (each objective must start from the same weights: build it from the config's seed).
   */
  build(model: z.output<S>, context: { cwd: string }): TrainComponents | Promise<TrainComponents>;
}

const fmt = (x: number) => x.toExponential(3);

function trainReport(result: TrainGeneratorResult, dir: string) {
  return {
    dir,
    stoppedBy: result.stoppedBy,
    objective: result.runConfig.objective,
    schedule: result.config.schedule.kind,
    budgetFlops: result.config.budgetFlops,
    stepFlops: result.plan.stepFlops,
    runFlops: result.plan.flops,
    milestones: result.milestones.map((m) => ({
      id: m.id,
      charged: m.charged,
      steps: m.steps,
      branchStep: m.branchStep,
      finalLoss: m.finalLoss,
      checkpoint: m.checkpoint,
      emas: m.emas,
    })),
  };
}

function renderTrain(r: ReturnType<typeof trainReport>): string {
  const lines = [
    `${r.stoppedBy === 'budget' ? 'trained' : 'stopped (rerun to resume)'}: ${r.schedule}, budget ${fmt(r.budgetFlops)} model FLOPs, in ${r.dir}`,
    'milestone             charged model / executed FLOPs   steps  branch  final loss',
    ...r.milestones.map(
      (m) =>
        `${m.id.padEnd(20)}  ${fmt(m.charged.model)} / ${fmt(m.charged.executed)}       ${String(m.steps).padStart(5)}  ${String(m.branchStep).padStart(6)}  ${m.finalLoss.toFixed(4)}`,
    ),
    `whole run: ${fmt(r.runFlops.total.model)} model FLOPs (${fmt(r.runFlops.total.executed)} executed); one run per budget would cost ${fmt(r.runFlops.separateRuns.model)}`,
  ];
  return lines.join('\n');
}

/**
 * The `train` command. The app registers it with its registries behind `build`.
 *
 * @example
 * const train = createTrainCommand({
 *   modelSchema: z.strictObject({ objective: z.string(), size: z.string() }),
 *   build: (model) => ({ objective: objectives.get(model.objective)(model), data, tokenizer }),
 * });
 * createCli({ name: 'flopmatch', version, commands: [train] });
 */
export function createTrainCommand<S extends z.ZodType>(options: TrainCommandOptions<S>): Command {
  const schema = z.strictObject({
    /** Run directory, relative to the working directory. */
    dir: z.string().min(1),
    model: options.modelSchema,
    trainer: TrainerConfigSchema,
    sweep: z
      .strictObject({ rates: z.array(z.number().positive()).min(2), budgetFlops: z.number().positive() })
      .optional(),
  });
  return {
    name: 'train',
    summary:
      'train a generator to a FLOP budget, saving a model at every milestone (or sweep its learning rate)',
    examples: [
      'train --config run.json',
      'train --config run.json --trainer.budgetFlops=4e13 --dir=runs/flow-m',
      'train --config run.json --dry-run          # print the milestones and their FLOPs, train nothing',
      'train --config run.json --sweep --json     # try sweep.rates for sweep.budgetFlops, print the best',
    ],
    options: {
      config: {
        type: 'string',
        short: 'c',
        description: 'run config JSON: { dir, model, trainer, sweep? } (required)',
      },
      'dry-run': {
        type: 'boolean',
        default: false,
        description: 'print the plan (steps and FLOPs per milestone) and exit (default false)',
      },
      sweep: {
        type: 'boolean',
        default: false,
        description: 'run the learning-rate sweep in the config instead of training (default false)',
      },
      json: JSON_OPTION,
    },
    configOverrides: true,
    async run(args: CommandArgs, ctx: CommandContext): Promise<number> {
      const file = args.values.config;
      if (typeof file !== 'string') {
        throw new UsageError(
          'train needs a run config',
          'pass --config run.json (see flopmatch train --help)',
        );
      }
      const cfg = loadRunConfig({
        schema,
        defaults: { dir: 'runs/train', model: options.modelDefaults ?? {}, trainer: {} },
        file,
        overrides: args.overrides ?? {},
        cwd: ctx.cwd,
      }) as z.output<typeof schema>;
      const model = (cfg as unknown as { model: z.output<S> }).model;
      const trainer = parseTrainerConfig(cfg.trainer, `${file}: trainer`);
      const dir = resolve(ctx.cwd, cfg.dir);
      const components = await options.build(model, { cwd: ctx.cwd });

      if (args.values['dry-run'] === true) {
        const per = components.objective.trainingFlopsPerExample();
        const plan = planMilestones({
          budgetFlops: trainer.budgetFlops,
          stepFlops: { model: per.model * trainer.batchSize, executed: per.executed * trainer.batchSize },
          fractions: trainer.milestones,
          schedule: trainer.schedule.kind,
          cooldownFraction: trainer.schedule.kind === 'wsd' ? trainer.schedule.cooldownFraction : 0,
          warmupSteps: trainer.schedule.warmupSteps,
        });
        printReport(ctx, args, { dir, plan }, ({ plan: p }) =>
          [
            `plan (${p.schedule}), ${fmt(p.stepFlops.model)} model FLOPs per step:`,
            ...p.milestones.map(
              (m) =>
                `  ${m.id.padEnd(20)} ${String(m.steps).padStart(6)} steps, branch at ${m.branchStep}, charged ${fmt(m.charged.model)}`,
            ),
            `whole run ${fmt(p.flops.total.model)} model FLOPs; one run per budget ${fmt(p.flops.separateRuns.model)}`,
          ].join('\n'),
        );
        return EXIT.ok;
      }

      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        if (args.values.sweep === true) {
          if (!cfg.sweep) {
            throw new ConfigError(file, [
              {
                path: 'sweep',
                value: '(missing)',
                message: '--sweep needs a sweep section',
                fix: 'add "sweep": { "rates": [1e-4, 3e-4, 1e-3], "budgetFlops": 1e12 }',
              },
            ]);
          }
          const { lr: _lr, ...optimizer } = trainer.optimizer;
          let first: Objective | undefined = components.objective;
          const sweep = await sweepLearningRate({
            ...trainer,
            optimizer,
            budgetFlops: cfg.sweep.budgetFlops,
            rates: cfg.sweep.rates,
            objective: async () => {
              const o = first ?? (await options.build(model, { cwd: ctx.cwd })).objective;
              first = undefined;
              return o;
            },
            data: components.data,
            tokenizer: components.tokenizer,
            dir: resolve(dir, 'lr-sweep'),
            signal: controller.signal,
            log: (r) =>
              ctx.stderr(
                `lr ${r.rate}: ${r.diverged ? `diverged at step ${r.divergedAtStep}` : `loss ${r.finalLoss.toFixed(4)}`}\n`,
              ),
          });
          printReport(ctx, args, sweep, (s) =>
            [
              ...s.runs.map(
                (r) => `lr ${String(r.rate).padEnd(10)} ${r.diverged ? 'diverged' : r.finalLoss.toFixed(4)}`,
              ),
              `best lr: ${s.best ?? '(stopped)'}; sweep cost ${fmt(s.flops.model)} model FLOPs (${fmt(s.flops.executed)} executed)`,
            ].join('\n'),
          );
          return exitFor(sweep.stoppedBy === 'complete');
        }
        const result = await trainGenerator({
          ...trainer,
          ...components,
          dir,
          signal: controller.signal,
          log: (e) => {
            if (e.kind === 'milestone')
              ctx.stderr(
                `${e.milestone.id}: ${fmt(e.milestone.charged.model)} FLOPs, loss ${e.milestone.finalLoss.toFixed(4)}\n`,
              );
          },
        });
        printReport(ctx, args, trainReport(result, dir), renderTrain);
        return exitFor(result.stoppedBy === 'budget');
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
  };
}

/** 0 when the work finished, 1 when it was interrupted (rerun to resume). */
function exitFor(complete: boolean): number {
  return complete ? EXIT.ok : EXIT.failure;
}
