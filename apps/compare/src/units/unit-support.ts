/**
 * What every built-in unit handler needs: the registries with the sweep's plugins (built once per worker
 * process), the run's prompt tokenizer, the dataset splits, and paths relative to the run directory.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Dataset } from '@flopmatch/core';
import { type BpeTokenizer, loadBpeTokenizer } from '@flopmatch/text';
import type { ComponentRegistries } from '../registries/components.js';
import { defaultRegistries } from '../registries/default-registries.js';
import { applyPlugins } from '../registries/load-plugins.js';
import { promptTokenizer } from '../registries/prompt-tokenizer.js';
import type { Sweep } from '../sweep/sweep-schema.js';

/** File the compare command saves the run's prompt tokenizer to. */
export const TOKENIZER_FILE = 'tokenizer.json';

const registries = new Map<string, Promise<ComponentRegistries>>();

/** The default registries with `plugins` applied (cached per plugin list in this process). */
export function unitRegistries(plugins: readonly string[]): Promise<ComponentRegistries> {
  const key = JSON.stringify(plugins);
  let hit = registries.get(key);
  if (!hit) {
    hit = applyPlugins(defaultRegistries(), plugins);
    registries.set(key, hit);
  }
  return hit;
}

/** The run's prompt tokenizer: `<runDir>/tokenizer.json`, or trained again (deterministically) when absent. */
export async function runTokenizer(
  runDir: string,
  dataset: Sweep['dataset'],
  r: ComponentRegistries,
): Promise<BpeTokenizer> {
  const path = join(runDir, TOKENIZER_FILE);
  return existsSync(path) ? loadBpeTokenizer(path) : promptTokenizer(dataset, r);
}

/** The training images: indices [0, trainingSetSize) of the dataset as configured. */
export function trainingImages(dataset: Sweep['dataset'], r: ComponentRegistries): Dataset {
  return r.datasets.get(dataset.id).create({ ...dataset.options });
}

/** The evaluation split (`test` or `heldout`) of the dataset as configured. */
export function evaluationImages(dataset: Sweep['dataset'], split: string, r: ComponentRegistries): Dataset {
  return r.datasets.get(dataset.id).create({ ...dataset.options, split });
}

/** `path` relative to the run directory when inside it (records stay valid when the folder moves). */
export function runRelative(runDir: string, path: string): string {
  const rel = relative(runDir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The absolute path of a record's path. */
export function fromRun(runDir: string, path: string): string {
  return isAbsolute(path) ? path : join(runDir, path);
}
