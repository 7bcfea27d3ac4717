/**
 * Saving and loading a model's named variables as one safetensors file (core's checkpoint format), with the
 * model's config in the file's metadata. Loading checks every name and shape before changing anything and
 * fails with the file's path and the names at fault.
 */
import { FileFormatError, readSafetensors, writeSafetensors } from '@flopmatch/core';
import type { Module } from '@flopmatch/nn';
import { fromHostArray, toHostArrays } from '@flopmatch/runtime';
import type * as tf from '@tensorflow/tfjs-core';

/** Metadata key holding the JSON config of the saved model. */
export const CONFIG_METADATA_KEY = 'flopmatch.config';

/**
 * Writes `variables` (float32) to `path` atomically; `config` (any JSON) goes into the metadata.
 *
 * @example
 * await saveNamedWeights('model.safetensors', objective.namedVariables(), objective.config);
 */
export async function saveNamedWeights(
  path: string,
  variables: Map<string, tf.Variable>,
  config?: unknown,
): Promise<void> {
  await writeSafetensors(
    path,
    toHostArrays(variables),
    config === undefined ? undefined : { [CONFIG_METADATA_KEY]: JSON.stringify(config) },
  );
}

/** What a weights file holds besides the tensors. */
export interface LoadedWeights {
  /** The config saved with the weights (parsed JSON), or undefined. */
  config: unknown;
}

/** Reads only the config saved in a weights file (e.g. to rebuild the model before loading). */
export async function readWeightsConfig(path: string): Promise<unknown> {
  const { metadata } = await readSafetensors(path);
  if (metadata[CONFIG_METADATA_KEY] === undefined) {
    throw new FileFormatError(
      path,
      `no '${CONFIG_METADATA_KEY}' metadata`,
      'save the file with saveNamedWeights(path, vars, config)',
    );
  }
  return configOf(path, metadata);
}

function configOf(path: string, metadata: Record<string, string>): unknown {
  const text = metadata[CONFIG_METADATA_KEY];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new FileFormatError(path, `the '${CONFIG_METADATA_KEY}' metadata is not JSON`, 're-save the model');
  }
}

/**
 * Loads `path` into `variables`: every variable must be in the file with its exact shape and no extra
 * tensor may be there; otherwise a `FileFormatError` lists the missing, unexpected and mis-shaped names and
 * nothing is changed.
 *
 * @example
 * await loadNamedWeights('model.safetensors', objective.namedVariables());
 */
export async function loadNamedWeights(
  path: string,
  variables: Map<string, tf.Variable>,
): Promise<LoadedWeights> {
  const { tensors, metadata } = await readSafetensors(path);
  const config = configOf(path, metadata);
  const missing = [...variables.keys()].filter((n) => !(n in tensors));
  const unexpected = Object.keys(tensors).filter((n) => !variables.has(n));
  const mismatched: string[] = [];
  for (const [name, v] of variables) {
    const t = tensors[name];
    if (!t) continue;
    if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i]))
      mismatched.push(`${name} [${t.shape}] vs model [${v.shape}]`);
    else if (t.dtype !== 'float32') mismatched.push(`${name} is ${t.dtype}, not float32`);
  }
  if (missing.length || unexpected.length || mismatched.length) {
    const parts = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
      mismatched.length ? `mismatched ${mismatched.join('; ')}` : '',
    ].filter(Boolean);
    throw new FileFormatError(
      path,
      `weights do not match the model (${parts.join('; ')})`,
      'build the model from the config saved with these weights (readWeightsConfig), or pick the right file',
    );
  }
  for (const [name, v] of variables) {
    const value = fromHostArray(tensors[name]!, `${path}: tensor '${name}'`);
    v.assign(value);
    value.dispose();
  }
  return { config };
}

/**
 * Rebuilds a model from the config saved in `path` (`build` parses it; `source` names the file's metadata
 * in its errors), then loads its weights; a model whose weights do not match is disposed before the error.
 *
 * @example
 * const objective = await loadNamedModule(path, (config, source) => new MyObjective(parseMyConfig(config, source), options));
 */
export async function loadNamedModule<M extends Module>(
  path: string,
  build: (config: unknown, source: string) => M,
): Promise<M> {
  const model = build(await readWeightsConfig(path), `${path} (config metadata)`);
  try {
    await loadNamedWeights(path, model.namedVariables());
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
