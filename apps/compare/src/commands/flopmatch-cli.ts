/**
 * The one `flopmatch` CLI: every package's commands in core's CLI host, with the app's own (`compare`,
 * `sample`, `eval`) and the extensions the app injects (transformer size presets and sampling costs for
 * `flops`).
 */
import { type Cli, type Command, createCli } from '@flopmatch/core';
import { dataPreviewCommand } from '@flopmatch/data';
import { createFlopsCommand } from '@flopmatch/flops';
import { metricsCommands } from '@flopmatch/metrics';
import { doctorCommand } from '@flopmatch/runtime';
import { TRANSFORMER_PRESETS } from '@flopmatch/transformer';
import packageJson from '../../package.json' with { type: 'json' };
import { type CompareCommandOptions, createCompareCommand } from './compare-command.js';
import { inferenceFlopsExtension } from './inference-flops-extension.js';

/** Every command of the CLI. */
export function flopmatchCommands(options: CompareCommandOptions = {}): Command[] {
  return [
    doctorCommand,
    createFlopsCommand({ presets: { ...TRANSFORMER_PRESETS }, extensions: [inferenceFlopsExtension] }),
    dataPreviewCommand,
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
