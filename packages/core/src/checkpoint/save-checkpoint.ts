/**
 * Saving a checkpoint directory: every tensor file and the manifest are written into a hidden partial
 * directory, which is renamed to `step-<n>` only when complete; then `latest` is replaced atomically and
 * old checkpoints are pruned. A crash at any point leaves the previous `latest` intact and loadable.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlopCount } from '../contracts/flop-count.js';
import type { RandomState } from '../contracts/random.js';
import type { HostArray } from '../contracts/tensor.js';
import { FlopmatchError } from '../errors.js';
import { sha256Hex } from '../io/sha256.js';
import { fsyncDirectory, writeFileAtomic } from '../io/write-file-atomic.js';
import { LATEST_FILE, MANIFEST_FILE, pruneCheckpoints, stepDirName } from './checkpoint-dir.js';
import { encodeSafetensors } from './encode-safetensors.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointManifest } from './manifest.js';

/** What a checkpoint holds. */
export interface CheckpointContent {
  /** Optimiser steps completed. */
  step: number;
  /** FLOPs spent so far. */
  flops: FlopCount;
  /** Tensor files by name: `{ model: {...}, optimizer: {...} }` → `model.safetensors`, `optimizer.safetensors`. */
  tensors: Record<string, Record<string, HostArray>>;
  /** The run's config (any JSON). Default null. */
  config?: unknown;
  /** The run's random state. Default null. */
  rng?: RandomState | null;
  /** Data position, any JSON (e.g. `{ epoch, index }`). Default null. */
  data?: unknown;
  /** Caller-specific JSON state. */
  state?: unknown;
}

/** Options of `saveCheckpoint`. */
export interface SaveCheckpointOptions {
  /** Keep only this many newest checkpoints in the root (the new one included). Default: keep all. */
  keepLast?: number;
  /** Point `latest` at the new checkpoint. Default true. */
  updateLatest?: boolean;
}

/** Where a checkpoint went and what its manifest says. */
export interface SavedCheckpoint {
  path: string;
  manifest: CheckpointManifest;
  /** Checkpoint directories deleted by pruning. */
  pruned: string[];
}

const FILE_STEM = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** JSON round trip that refuses values JSON cannot represent faithfully (NaN, functions, typed arrays…). */
function asJson(value: unknown, field: string): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new FlopmatchError('E_CHECKPOINT', `${field} holds ${v}, which JSON cannot store`);
    if (typeof v === 'bigint' || typeof v === 'function' || ArrayBuffer.isView(v)) {
      throw new FlopmatchError(
        'E_CHECKPOINT',
        `${field} holds a ${typeof v === 'object' ? v.constructor.name : typeof v}, which is not JSON`,
        'store tensors in `tensors`, plain JSON elsewhere',
      );
    }
    return v;
  });
  return JSON.parse(text);
}

/**
 * Saves `content` as `<root>/step-<step>/` (replacing one left at that step) and points `<root>/latest`
 * at it.
 *
 * @example
 * await saveCheckpoint('runs/a/checkpoints', { step: 300, flops, tensors: { model: weights }, rng: rng.state() }, { keepLast: 3 });
 */
export async function saveCheckpoint(
  root: string,
  content: CheckpointContent,
  options: SaveCheckpointOptions = {},
): Promise<SavedCheckpoint> {
  const { step } = content;
  if (!Number.isSafeInteger(step) || step < 0)
    throw new FlopmatchError('E_CHECKPOINT', `step must be a non-negative integer, got ${step}`);
  const { keepLast } = options;
  if (keepLast !== undefined && (!Number.isInteger(keepLast) || keepLast < 1)) {
    throw new FlopmatchError('E_CONFIG', `keepLast must be a positive integer, got ${keepLast}`);
  }
  for (const stem of Object.keys(content.tensors)) {
    if (!FILE_STEM.test(stem) || stem === 'manifest') {
      throw new FlopmatchError(
        'E_CHECKPOINT',
        `tensor file name '${stem}' is not allowed`,
        'use letters, digits, _ . - (not "manifest")',
      );
    }
  }
  await mkdir(root, { recursive: true });
  const partial = join(
    root,
    `.${stepDirName(step)}.partial-${process.pid}-${randomBytes(3).toString('hex')}`,
  );
  await mkdir(partial);
  try {
    const files: CheckpointManifest['files'] = {};
    for (const [stem, tensors] of Object.entries(content.tensors)) {
      const name = `${stem}.safetensors`;
      const bytes = encodeSafetensors(tensors);
      await writeFileAtomic(join(partial, name), bytes);
      files[name] = { sha256: sha256Hex(bytes), bytes: bytes.length };
    }
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config: asJson(content.config, 'config') as CheckpointManifest['config'],
      step,
      flops: { model: content.flops.model, executed: content.flops.executed },
      rng: content.rng
        ? { algorithm: content.rng.algorithm, seed: content.rng.seed, words: [...content.rng.words] }
        : null,
      data: asJson(content.data, 'data') as CheckpointManifest['data'],
      ...(content.state === undefined
        ? {}
        : { state: asJson(content.state, 'state') as CheckpointManifest['state'] }),
      created: new Date().toISOString(),
      files,
    };
    await writeFileAtomic(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const path = join(root, stepDirName(step));
    await rm(path, { recursive: true, force: true });
    await rename(partial, path);
    await fsyncDirectory(root);
    if (options.updateLatest ?? true)
      await writeFileAtomic(join(root, LATEST_FILE), `${stepDirName(step)}\n`);
    const pruned = keepLast === undefined ? [] : await pruneCheckpoints(root, keepLast);
    return { path, manifest, pruned };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
