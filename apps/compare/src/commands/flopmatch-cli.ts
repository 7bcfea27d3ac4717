/**
 * The one `flopmatch` CLI: every package's commands in core's CLI host, with the app's own (`compare`,
 * `sample`, `eval`) and the extensions the app injects (transformer size presets and sampling costs for
 * `flops`).
 */
import { createAutoencoderCommands } from '@flopmatch/autoencoder';
import { type Cli, type Command, createCli } from '@flopmatch/core';
import { dataPreviewCommand } from '@flopmatch/data';
import { createFlopsCommand } from '@flopmatch/flops';
import { metricsCommands, ssimBatch } from '@flopmatch/metrics';
import { doctorCommand } from '@flopmatch/runtime';
import { createTrainCommand } from '@flopmatch/trainer';
import { TRANSFORMER_PRESETS } from '@flopmatch/transformer';
import packageJson from '../../package.json' with { type: 'json' };
import { CODEC_FAMILIES } from '../registries/default-registries.js';
import { type CompareCommandOptions, createCompareCommand } from './compare-command.js';
import { evalCommand } from './eval-command.js';
import { inferenceFlopsExtension } from './inference-flops-extension.js';
import { sampleCommand } from './sample-command.js';
import { buildTrainModel, TrainModelSchema } from './train-model.js';

/** Every command of the CLI. */
export function flopmatchCommands(options: CompareCommandOptions = {}): Command[] {
  return [
    doctorCommand,
    createFlopsCommand({ presets: { ...TRANSFORMER_PRESETS }, extensions: [inferenceFlopsExtension] }),
    dataPreviewCommand,
    ...createAutoencoderCommands({ families: CODEC_FAMILIES, metrics: { ssim: ssimBatch } }),
    createTrainCommand({ modelSchema: TrainModelSchema, build: buildTrainModel }),
    sampleCommand,
    evalCommand,
    ...metricsCommands,
    createCompareCommand(options),
  ];
}

/**
 * The `flopmatch` CLI.
 *
 * @example
 * process.exitCode = await createFlopmatchCli().main(process.argv.slice(2));
 */
export function createFlopmatchCli(options: CompareCommandOptions = {}): Cli {
  return createCli({ name: 'flopmatch', version: packageJson.version, commands: flopmatchCommands(options) });
}
