/**
 * The autoencoder commands, built from the codec families the app passes (this package never imports
 * `@flopmatch/vq` or `@flopmatch/vae`):
 *
 * - `train-ae`: train a codec on core's loop (checkpoints, resume, progress), save it and its report;
 * - `ae report`: the reconstruction report of a saved codec;
 * - `ae encode`: encode a dataset once into a latent cache.
 */
import { resolve } from 'node:path';
import {
  type Command,
  type CommandArgs,
  type Dataset,
  EXIT,
  JSON_OPTION,
  loadRunConfig,
  parseOverrideValue,
  printReport,
  setPath,
  UsageError,
} from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import { BACKEND_OPTION, type BackendRequest, initRuntime } from '@flopmatch/runtime';
import type { CodecFamily } from '../codec/codec-family.js';
import { updateCodecReport } from '../codec/codec-files.js';
import { loadCodec } from '../codec/save-codec.js';
import { writeLatentCache } from '../latent-cache/write-latent-cache.js';
import { type ImageMetrics, reconstructionReport } from '../report/reconstruction-report.js';
import { AeRunConfigSchema } from '../training/ae-run-config.js';
import { trainAutoencoder } from '../training/train-autoencoder.js';
import { formatReport } from './format-report.js';

/** Options of `createAutoencoderCommands`. */
export interface AutoencoderCommandsOptions {
  /** The codec families to offer (`vqFamily`, `lfqFamily`, `fsqFamily` from `@flopmatch/vq`, `vaeFamily`). */
  families: readonly CodecFamily[];
  /** Injected image metrics for reports (e.g. `{ ssim: ssimBatch }` from `@flopmatch/metrics`). */
  metrics?: ImageMetrics;
  /** Builds datasets by name. Default `@flopmatch/data`'s `createDataset`. */
  datasets?: (name: string, config: unknown) => Dataset;
}

function str(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function int(args: CommandArgs, name: string, min: number): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min)
    throw new UsageError(
      `--${name} must be an integer ≥ ${min}, got '${raw}'`,
      `e.g. --${name} ${Math.max(min, 100)}`,
    );
  return v;
}

/** The dataset config of `ae report` / `ae encode`: `{ split }` plus every `--data.<field>=<value>` flag. */
function datasetConfig(args: CommandArgs, split: string): Record<string, unknown> {
  const config: Record<string, unknown> = { split };
  for (const [path, raw] of Object.entries(args.overrides ?? {})) {
    if (!path.startsWith('data.')) {
      throw new UsageError(
        `unknown option --${path}`,
        'dataset fields are given as --data.<field>=<value>, e.g. --data.resolution=16',
      );
    }
    setPath(config, path.slice('data.'.length), parseOverrideValue(raw, undefined), `--${path}`);
  }
  return config;
}

function allPresets(families: readonly CodecFamily[]): string[] {
  return families.flatMap((f) => Object.keys(f.presets)).sort();
}

/** Picks the family and preset from `--preset` and/or `--codec`. */
export function resolvePreset(
  families: readonly CodecFamily[],
  codec: string | undefined,
  preset: string | undefined,
): { family: CodecFamily; preset: string } {
  const names = families.map((f) => f.name);
  if (preset !== undefined) {
    const family = families.find((f) => Object.hasOwn(f.presets, preset));
    if (!family)
      throw new UsageError(`unknown preset '${preset}'`, `use one of: ${allPresets(families).join(', ')}`);
    if (codec !== undefined && codec !== family.name) {
      throw new UsageError(
        `preset '${preset}' is a ${family.name} preset, not ${codec}`,
        `drop --codec or pick a ${codec} preset`,
      );
    }
    return { family, preset };
  }
  if (codec === undefined) {
    throw new UsageError(
      'train-ae needs --codec or --preset',
      `e.g. --codec ${names[0] ?? 'vq'}, or one of the presets: ${allPresets(families).join(', ')}`,
    );
  }
  const family = families.find((f) => f.name === codec);
  if (!family) throw new UsageError(`unknown codec '${codec}'`, `use one of: ${names.join(', ')}`);
  return { family, preset: family.defaultPreset };
}

/** The `train-ae` command. */
export function createTrainAeCommand(options: AutoencoderCommandsOptions): Command {
  const { families } = options;
  return {
    name: 'train-ae',
    summary: 'train an autoencoder codec (VQ, LFQ, FSQ, KL-VAE) and save it with its reconstruction report',
    examples: [
      'train-ae --preset demo-vq',
      'train-ae --codec vae --dataset shapes --steps 1500 --out runs/vae',
      'train-ae --preset vq-64 --train.lr=1e-3 --out runs/vq64',
      'train-ae --codec fsq --config my-fsq.json --backend cpu',
    ],
    configOverrides: true,
    options: {
      codec: { type: 'string', description: `codec family: ${families.map((f) => f.name).join(', ')}` },
      preset: { type: 'string', description: `named run config: ${allPresets(families).join(', ')}` },
      dataset: { type: 'string', description: "dataset name (default: the preset's, shapes)" },
      config: {
        type: 'string',
        description: 'JSON run config laid over the preset (flags --path=value override both)',
      },
      steps: { type: 'string', description: "optimiser steps (default: the preset's)" },
      out: {
        type: 'string',
        short: 'o',
        description: 'run directory: checkpoints, log.jsonl, codec/ (default runs/ae/<preset>)',
      },
      backend: BACKEND_OPTION,
      json: JSON_OPTION,
    },
    async run(args, ctx) {
      const { family, preset } = resolvePreset(families, str(args, 'codec'), str(args, 'preset'));
      const overrides: Record<string, string> = { ...(args.overrides ?? {}) };
      const steps = int(args, 'steps', 1);
      if (steps !== undefined) overrides.steps = String(steps);
      const dataset = str(args, 'dataset');
      if (dataset !== undefined) overrides['data.dataset'] = JSON.stringify(dataset);
      const file = str(args, 'config');
      const config = loadRunConfig({
        schema: AeRunConfigSchema,
        defaults: { ...(family.presets[preset] as Record<string, unknown>) },
        ...(file ? { file } : {}),
        overrides,
        cwd: ctx.cwd,
      });
      if (config.codec !== family.name) {
        throw new UsageError(
          `the config says codec '${config.codec}' but the preset is a ${family.name} preset`,
          'remove codec from the config file',
        );
      }
      await initRuntime({ backend: (str(args, 'backend') ?? 'wasm') as BackendRequest });
      const dir = resolve(ctx.cwd, str(args, 'out') ?? `runs/ae/${preset}`);
      const every = Math.max(1, Math.floor(config.steps / 20));
      const result = await trainAutoencoder({
        config,
        family,
        dir,
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...(options.datasets ? { datasets: options.datasets } : {}),
        onProgress: (p) => {
          if (p.step % every !== 0 && p.step !== config.steps) return;
          const eta = p.etaSeconds === undefined ? '' : `, ETA ${Math.round(p.etaSeconds)} s`;
          const psnr =
            p.metrics?.heldoutPsnr === undefined
              ? ''
              : `, held-out PSNR ${p.metrics.heldoutPsnr.toFixed(2)} dB`;
          ctx.stderr(`step ${p.step}/${config.steps}: loss ${p.loss.toFixed(4)}${psnr}${eta}\n`);
        },
      });
      if (!result.report) {
        ctx.stderr(`stopped at step ${result.training.step}; run the same command again to resume\n`);
        return EXIT.failure;
      }
      printReport(
        ctx,
        args,
        { codecDir: result.codecDir, training: result.training, report: result.report },
        (r) =>
          [
            `wrote ${r.codecDir} after ${r.training.step} steps (${(r.training.flops.model / 1e12).toFixed(3)} TFLOPs)`,
            formatReport(r.report),
          ].join('\n'),
      );
      return EXIT.ok;
    },
  };
}

/** The `ae report` command. */
export function createAeReportCommand(options: AutoencoderCommandsOptions): Command {
  return {
    name: 'ae report',
    summary: 'reconstruction report of a saved codec: PSNR, SSIM, codebook usage, bits, params, FLOPs',
    examples: [
      'ae report --codec-dir packages/vq/codecs/demo-vq',
      'ae report --codec-dir runs/ae/demo-vae/codec --n 2000 --save',
      'ae report --codec-dir runs/ae/vq-64/codec --split heldout --json',
      'ae report --codec-dir runs/tiny/codec --data.resolution=16',
    ],
    configOverrides: true,
    options: {
      'codec-dir': { type: 'string', description: 'codec directory (codec.json + codec.safetensors)' },
      dataset: { type: 'string', default: 'shapes', description: 'dataset name (default shapes)' },
      split: { type: 'string', default: 'test', description: 'split to score (default test)' },
      n: { type: 'string', default: '1000', description: 'images to score (default 1000)' },
      save: {
        type: 'boolean',
        default: false,
        description: 'record the report in codec.json (default false)',
      },
      backend: BACKEND_OPTION,
      json: JSON_OPTION,
    },
    async run(args, ctx) {
      const dir = str(args, 'codec-dir');
      if (!dir) throw new UsageError('ae report needs --codec-dir', 'e.g. --codec-dir runs/ae/demo-vq/codec');
      await initRuntime({ backend: (str(args, 'backend') ?? 'wasm') as BackendRequest });
      const codecDir = resolve(ctx.cwd, dir);
      const codec = await loadCodec(codecDir, options.families);
      try {
        const make = options.datasets ?? createDataset;
        const dataset = make(
          str(args, 'dataset') ?? 'shapes',
          datasetConfig(args, str(args, 'split') ?? 'test'),
        );
        const report = reconstructionReport({
          codec,
          dataset,
          count: int(args, 'n', 1) ?? 1000,
          ...(options.metrics ? { metrics: options.metrics } : {}),
        });
        if (args.values.save === true) await updateCodecReport(codecDir, report);
        printReport(ctx, args, report, formatReport);
      } finally {
        codec.dispose();
      }
      return EXIT.ok;
    },
  };
}

/** The `ae encode` command. */
export function createAeEncodeCommand(options: AutoencoderCommandsOptions): Command {
  return {
    name: 'ae encode',
    summary: 'encode a dataset once into a latent cache (ids or latents + captions), for generator training',
    examples: [
      'ae encode --codec-dir packages/vq/codecs/demo-vq --n 20000 --out cache/vq-train',
      'ae encode --codec-dir packages/vae/codecs/demo-vae --split test --n 1000 --out cache/vae-test',
      'ae encode --codec-dir runs/tiny/codec --data.resolution=16 --n 64 --out cache/tiny',
    ],
    configOverrides: true,
    options: {
      'codec-dir': { type: 'string', description: 'codec directory (codec.json + codec.safetensors)' },
      dataset: { type: 'string', default: 'shapes', description: 'dataset name (default shapes)' },
      split: { type: 'string', default: 'train', description: 'split to encode (default train)' },
      n: { type: 'string', description: 'samples to encode, from index 0 (default: the whole split)' },
      mode: {
        type: 'string',
        default: 'mean',
        description: 'continuous codecs: mean or sample (default mean)',
      },
      out: { type: 'string', short: 'o', description: 'cache directory' },
      backend: BACKEND_OPTION,
      json: JSON_OPTION,
    },
    async run(args, ctx) {
      const dir = str(args, 'codec-dir');
      const out = str(args, 'out');
      if (!dir || !out)
        throw new UsageError(
          'ae encode needs --codec-dir and --out',
          'e.g. --codec-dir runs/ae/demo-vq/codec --out cache/vq',
        );
      const mode = str(args, 'mode') ?? 'mean';
      if (mode !== 'mean' && mode !== 'sample')
        throw new UsageError(`--mode must be mean or sample, got '${mode}'`);
      await initRuntime({ backend: (str(args, 'backend') ?? 'wasm') as BackendRequest });
      const codec = await loadCodec(resolve(ctx.cwd, dir), options.families);
      try {
        const make = options.datasets ?? createDataset;
        const dataset = make(
          str(args, 'dataset') ?? 'shapes',
          datasetConfig(args, str(args, 'split') ?? 'train'),
        );
        const n = int(args, 'n', 1);
        if (n === undefined && dataset.size > 1_000_000) {
          throw new UsageError(
            `${dataset.id} has ${dataset.size} samples; say how many to encode`,
            'pass --n, e.g. --n 20000',
          );
        }
        const manifest = await writeLatentCache({
          dir: resolve(ctx.cwd, out),
          codec,
          codecHash: codec.weightsSha256,
          dataset,
          ...(n === undefined ? {} : { count: n }),
          mode,
        });
        printReport(
          ctx,
          args,
          manifest,
          (m) =>
            `wrote ${m.size} ${m.kind} latents ${m.latentShape.height}×${m.latentShape.width}×${m.latentShape.channels} to ${resolve(ctx.cwd, out)} (codec ${m.codecHash.slice(0, 12)}…)`,
        );
      } finally {
        codec.dispose();
      }
      return EXIT.ok;
    },
  };
}

/**
 * Every autoencoder command, for the app to register.
 *
 * @example
 * const commands = createAutoencoderCommands({ families: [vqFamily, lfqFamily, fsqFamily, vaeFamily], metrics: { ssim: ssimBatch } });
 */
export function createAutoencoderCommands(options: AutoencoderCommandsOptions): Command[] {
  return [createTrainAeCommand(options), createAeReportCommand(options), createAeEncodeCommand(options)];
}
