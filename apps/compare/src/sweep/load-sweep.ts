/**
 * A sweep from its three layers (nanoGPT's configurator pattern, through core's `loadRunConfig`): a preset,
 * then a `--config` JSON file over it, then `--<dotted.path>=<value>` flags over both; validated by the
 * schema (errors name the field and the layer that set it), plugins resolved against the file's folder and
 * applied, and the result checked against the registries.
 */
import { dirname, resolve } from 'node:path';
import { ConfigError, deepFreeze, loadRunConfig } from '@flopmatch/core';
import type { ComponentRegistries } from '../registries/components.js';
import { applyPlugins, resolvePluginPath } from '../registries/load-plugins.js';
import { checkSweep } from './check-sweep.js';
import { PRESETS, type PresetName } from './presets/index.js';
import { type Sweep, SweepSchema } from './sweep-schema.js';

/** Options of `loadSweep`. */
export interface LoadSweepOptions {
  /** Preset the file and flags are laid over. Default `demo` without a file, none with one. */
  preset?: string;
  /** A sweep JSON file (relative to `cwd`). */
  file?: string;
  /** `--<path>=<value>` overrides. */
  overrides?: Record<string, string>;
  cwd: string;
  /** The registries before the sweep's plugins. */
  registries: ComponentRegistries;
  /** Called with the validated sweep before its plugins load and its components are checked (e.g. to start the tensor runtime they need). */
  beforeCheck?: (sweep: Sweep) => Promise<void>;
}

/** A validated sweep with the registries its plugins produced. */
export interface LoadedSweep {
  sweep: Sweep;
  /** The preset under the sweep, if any. */
  preset: string | undefined;
  /** Where it came from, for messages: `preset demo < sweep.json < command line`. */
  source: string;
  registries: ComponentRegistries;
}

/** Loads, validates and checks a sweep. */
export async function loadSweep(options: LoadSweepOptions): Promise<LoadedSweep> {
  // A file alone is the whole sweep; a preset named beside it is the layer under it.
  const preset = options.preset ?? (options.file ? undefined : 'demo');
  if (preset !== undefined && !Object.hasOwn(PRESETS, preset)) {
    throw new ConfigError('--preset', [
      {
        path: 'preset',
        value: JSON.stringify(preset),
        message: 'no such preset',
        fix: `use one of ${Object.keys(PRESETS).join(', ')}`,
      },
    ]);
  }
  const parsed = loadRunConfig({
    schema: SweepSchema,
    defaults: preset ? (structuredClone(PRESETS[preset as PresetName]) as Record<string, unknown>) : {},
    ...(options.file ? { file: options.file } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    cwd: options.cwd,
  });
  const base = options.file ? dirname(resolve(options.cwd, options.file)) : options.cwd;
  const sweep = SweepSchema.parse({
    ...parsed,
    plugins: parsed.plugins.map((p) => resolvePluginPath(p, base)),
  });
  const source = [
    ...(preset ? [`preset ${preset}`] : []),
    ...(options.file ? [options.file] : []),
    ...(Object.keys(options.overrides ?? {}).length ? ['command line'] : []),
  ].join(' < ');
  await options.beforeCheck?.(sweep);
  const registries = await applyPlugins(options.registries, sweep.plugins);
  checkSweep(sweep, registries, `sweep (${source})`);
  return { sweep: deepFreeze(sweep), preset, source, registries };
}
