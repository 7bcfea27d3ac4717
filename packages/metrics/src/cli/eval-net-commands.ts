/**
 * The evaluation-network commands:
 * - `metrics train-net --net <name>`: train one network deterministically on core's loop (resumable) and
 *   save it with its sha256, configs and held-out accuracy;
 * - `metrics features --net <id>`: features of real images of a dataset split as `.npy` + sidecar (the
 *   input of `metrics fd|kid|pr`).
 * Built by a factory so the app can inject a prompt tokenizer and datasets (this package never imports
 * `@flopmatch/text`).
 */
import { resolve } from 'node:path';
import {
  type Command,
  type CommandArgs,
  type Dataset,
  EXIT,
  JSON_OPTION,
  loadRunConfig,
  type PromptTokenizer,
  printReport,
  UsageError,
} from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import { BACKEND_OPTION, type BackendRequest, initRuntime } from '@flopmatch/runtime';
import { z } from 'zod';
import { extractDataset } from '../evaluation/extract-dataset.js';
import { writeFeatureSet } from '../io/feature-set-file.js';
import { loadEvalNet } from '../networks/eval-net-files.js';
import { EVAL_NET_PRESETS } from '../networks/eval-net-presets.js';
import { trainEvalNet } from '../networks/train-eval-net.js';
import { failWith, integerFlag } from './command-support.js';

/** Options of `createEvalNetCommands`. */
export interface EvalNetCommandsOptions {
  /** Prompt tokenizer for training mini-CLIPs (default: a word tokenizer over the training captions). */
  tokenizer?: PromptTokenizer;
  /** Builds datasets by name and config. Default `@flopmatch/data`'s `createDataset`. */
  datasets?: (name: string, config: unknown) => Dataset;
}

function str(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Run-config layers of `train-net`: the preset's `train` and `config`, then `--train.*` / `--config.*` flags. */
const RunSchema = z.strictObject({
  train: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
});

/** The `metrics train-net` command. */
export function createTrainNetCommand(options: EvalNetCommandsOptions = {}): Command {
  const names = Object.keys(EVAL_NET_PRESETS);
  return {
    name: 'metrics train-net',
    summary:
      'train an evaluation network (feature/classifier net or mini-CLIP) and save it with its hash and accuracy',
    examples: [
      'metrics train-net --net shapes-features',
      'metrics train-net --net shapes-clip --out packages/metrics/assets/shapes-clip-v1',
      'metrics train-net --net mnist-features --steps 200 --run-dir runs/smoke --json',
      'metrics train-net --net shapes-features --train.batchSize=64 --config.trunk.hidden=128 --out runs/small',
    ],
    configOverrides: true,
    options: {
      net: { type: 'string', description: `network to train: ${names.join(', ')}` },
      out: {
        type: 'string',
        short: 'o',
        description: 'network directory to write (default runs/eval-nets/<net>/network)',
      },
      'run-dir': {
        type: 'string',
        description: 'checkpoints and log.jsonl; run again to resume (default runs/eval-nets/<net>)',
      },
      steps: { type: 'string', description: "optimiser steps (default: the preset's)" },
      backend: BACKEND_OPTION,
      json: JSON_OPTION,
    },
    async run(args, ctx) {
      try {
        const net = str(args, 'net');
        if (!net) throw new UsageError('metrics train-net needs --net', `use one of: ${names.join(', ')}`);
        if (!Object.hasOwn(EVAL_NET_PRESETS, net)) {
          throw new UsageError(`no evaluation network '${net}'`, `use one of: ${names.join(', ')}`);
        }
        const steps = integerFlag(args, 'steps', 1);
        const preset = EVAL_NET_PRESETS[net]!;
        const overrides = {
          ...(args.overrides ?? {}),
          ...(steps !== undefined ? { 'train.steps': String(steps) } : {}),
        };
        const run = loadRunConfig({
          schema: RunSchema,
          defaults: { train: { ...preset.train }, config: { ...preset.config } },
          overrides,
          cwd: ctx.cwd,
        });
        const backend = (str(args, 'backend') ?? 'wasm') as BackendRequest;
        const info = await initRuntime({ backend });
        const runDir = resolve(ctx.cwd, str(args, 'run-dir') ?? `runs/eval-nets/${net}`);
        const outDir = resolve(ctx.cwd, str(args, 'out') ?? `runs/eval-nets/${net}/network`);
        const total = Number(run.train.steps);
        const every = Math.max(1, Math.floor(total / 20));
        const result = await trainEvalNet({
          net,
          runDir,
          outDir,
          backend: info.backend,
          train: run.train,
          config: run.config,
          ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}),
          ...(options.datasets ? { datasets: options.datasets } : {}),
          onProgress: (p) => {
            if (p.step % every !== 0 && p.step !== total) return;
            const eta = p.etaSeconds === undefined ? '' : `, ETA ${Math.round(p.etaSeconds)} s`;
            ctx.stderr(`step ${p.step}/${total}: loss ${p.loss.toFixed(4)}${eta}\n`);
          },
        });
        if (!result.manifest) {
          ctx.stderr(`stopped at step ${result.steps}; run the same command again to resume\n`);
          return EXIT.failure;
        }
        const m = result.manifest;
        printReport(
          ctx,
          args,
          { id: m.id, dir: outDir, extractorHash: m.extractorHash, heldOut: m.heldOut, training: m.training },
          (r) =>
            [
              `wrote ${r.id} to ${r.dir} after ${r.training.steps} steps (${(r.training.flops.model / 1e12).toFixed(3)} TFLOPs, ${Math.round(r.training.seconds)} s)`,
              `extractor hash ${r.extractorHash}`,
              `held-out (n = ${r.heldOut.n}): ${Object.entries(r.heldOut.accuracy)
                .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
                .join(', ')}`,
            ].join('\n'),
        );
        return EXIT.ok;
      } catch (error) {
        return failWith(error, ctx);
      }
    },
  };
}

/** The `metrics features` command. */
export function createFeaturesCommand(options: EvalNetCommandsOptions = {}): Command {
  return {
    name: 'metrics features',
    summary:
      'features of dataset images from an evaluation network, as .npy + sidecar (for metrics fd|kid|pr)',
    examples: [
      'metrics features --net shapes-features-v1 --split test --n 10000 --out real.npy',
      'metrics features --net mnist-features-v1 --split test --n 5000 --offset 5000 --out real-b.npy',
    ],
    options: {
      net: { type: 'string', description: 'network id, e.g. shapes-features-v1' },
      'net-dir': {
        type: 'string',
        description: 'load the network from this directory instead of the package assets',
      },
      split: { type: 'string', default: 'test', description: 'dataset split (default test)' },
      n: { type: 'string', default: '10000', description: 'images (default 10000)' },
      offset: { type: 'string', default: '0', description: 'first sample index (default 0)' },
      out: {
        type: 'string',
        short: 'o',
        description: 'output .npy (a <file>.json sidecar names the network and hash)',
      },
      backend: BACKEND_OPTION,
      json: JSON_OPTION,
    },
    async run(args, ctx) {
      try {
        const id = str(args, 'net');
        const out = str(args, 'out');
        if (!id || !out)
          throw new UsageError(
            'metrics features needs --net and --out',
            'e.g. --net shapes-features-v1 --out real.npy',
          );
        const n = integerFlag(args, 'n', 1) ?? 10_000;
        const offset = integerFlag(args, 'offset', 0) ?? 0;
        await initRuntime({ backend: (str(args, 'backend') ?? 'wasm') as BackendRequest });
        const netDir = str(args, 'net-dir');
        const net = await loadEvalNet(id, netDir ? { dir: resolve(ctx.cwd, netDir) } : {});
        try {
          const make = options.datasets ?? createDataset;
          const presetData = { split: str(args, 'split') ?? 'test' };
          const dataset = make(net.config.dataset, datasetConfigFor(net.config.dataset, presetData));
          const features = extractDataset(net, dataset, { offset, count: n });
          await writeFeatureSet(resolve(ctx.cwd, out), features);
          printReport(
            ctx,
            args,
            { out, n: features.n, dim: features.dim, extractor: net.name, extractorHash: net.extractorHash },
            (r) => `wrote ${r.out}: ${r.n} × ${r.dim} features from ${r.extractor} (${r.extractorHash})`,
          );
        } finally {
          net.dispose();
        }
        return EXIT.ok;
      } catch (error) {
        return failWith(error, ctx);
      }
    },
  };
}

/** The dataset config evaluation uses: shapes with every pair allowed, MNIST-style sets at 32 px grey. */
export function datasetConfigFor(dataset: string, base: Record<string, unknown>): Record<string, unknown> {
  if (dataset === 'shapes') return { heldOutPairs: [], ...base };
  if (dataset === 'mnist' || dataset === 'fashion-mnist') return { resolution: 32, channels: 1, ...base };
  return base;
}

/** `metrics train-net` with default options. */
export const trainNetCommand: Command = createTrainNetCommand();
/** `metrics features` with default options. */
export const featuresCommand: Command = createFeaturesCommand();
