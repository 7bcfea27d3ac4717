/**
 * Resolves `--model <preset|file.json>` to a parsed description: a preset id from the registry, or a JSON
 * file holding a `transformer` or `conv-net` description. Malformed files fail with a `ConfigError` that
 * names the file and the field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, FileFormatError, type Registry } from '@flopmatch/core';
import { type ConvNetShape, parseConvNetShape } from '../models/conv-net-shape.js';
import { parseTransformerShape, type TransformerShape } from '../models/transformer-shape.js';

/** A model the ledger can price. */
export type ModelDescription = TransformerShape | ConvNetShape;

/** Where a resolved description came from. */
export interface LoadedModel {
  /** The preset id (`preset:dit-xl-2`) or the absolute file path. */
  source: string;
  description: ModelDescription;
}

/** `--model` names a file that does not exist or cannot be read. */
export class MissingModelFileError extends FileFormatError {}

/** Parses a transformer or conv-net description, dispatching on `type`. */
export function parseModelDescription(value: unknown, source: string): ModelDescription {
  const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  if (type === 'transformer') return parseTransformerShape(value, source);
  if (type === 'conv-net') return parseConvNetShape(value, source);
  throw new ConfigError(source, [
    {
      path: 'type',
      value: type === undefined ? '(missing)' : JSON.stringify(type),
      message: "the description's type is not one the ledger prices",
      fix: "set type to 'transformer' or 'conv-net'",
    },
  ]);
}

/** Whether `--model` names a file rather than a preset. */
export function isFileSpec(spec: string): boolean {
  return spec.endsWith('.json') || spec.includes('/') || spec.includes('\\');
}

/**
 * Loads `spec` as a preset id or a JSON file (relative paths resolve against `cwd`).
 *
 * @example
 * loadModel('dit-xl-2', presets, process.cwd()).description.width; // 1152
 */
export function loadModel(spec: string, presets: Registry<ModelDescription>, cwd: string): LoadedModel {
  if (!isFileSpec(spec)) {
    return { source: `${presets.family}:${spec.replace(/^preset:/, '')}`, description: presets.get(spec) };
  }
  const path = resolve(cwd, spec);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MissingModelFileError(
      path,
      code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`,
      `pass a readable JSON file, or a preset: ${presets.ids().join(', ')}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(path, `is not valid JSON (${(error as Error).message})`, 'fix the JSON syntax');
  }
  return { source: path, description: parseModelDescription(json, path) };
}
