/**
 * Loading a checkpoint directory: the manifest is validated, every file it lists is checked against its
 * recorded size and sha256, and each safetensors file is validated on decode. Any mismatch throws with
 * the file's path and what was expected versus found; nothing is loaded silently.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlopCount } from '../contracts/flop-count.js';
import type { RandomState } from '../contracts/random.js';
import type { HostArray } from '../contracts/tensor.js';
import { FileFormatError, NotFoundError } from '../errors.js';
import { sha256Hex } from '../io/sha256.js';
import { latestCheckpoint, listCheckpoints, MANIFEST_FILE } from './checkpoint-dir.js';
import { decodeSafetensors } from './decode-safetensors.js';
import { type CheckpointManifest, CheckpointManifestSchema } from './manifest.js';

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  /** The checkpoint directory (`…/step-<n>`). */
  path: string;
  manifest: CheckpointManifest;
  step: number;
  flops: FlopCount;
  rng: RandomState | null;
  data: unknown;
  config: unknown;
  state: unknown;
  /** Tensor files by name (`model`, `optimizer`, …), each a map of named tensors. */
  tensors: Record<string, Record<string, HostArray>>;
}

/** Options of `loadCheckpoint`. */
export interface LoadCheckpointOptions {
  /** Load (and verify) only these tensor files, by name without `.safetensors`. Default: all. */
  files?: string[];
}

async function isDirectoryWithManifest(path: string): Promise<boolean> {
  return stat(join(path, MANIFEST_FILE)).then(
    () => true,
    () => false,
  );
}

/** Reads and validates `<dir>/manifest.json`. */
export async function readCheckpointManifest(dir: string): Promise<CheckpointManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError(path, 'checkpoint manifest');
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(
      path,
      `not valid JSON (${(error as Error).message})`,
      'the manifest is corrupt; load an earlier checkpoint',
    );
  }
  const parsed = CheckpointManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new FileFormatError(
      path,
      `not a valid flopmatch checkpoint manifest:\n  - ${issues.join('\n  - ')}`,
    );
  }
  return parsed.data;
}

/**
 * Loads a checkpoint. `path` is a checkpoint directory (`…/step-300`) or a checkpoint root, in which case
 * the one `latest` names is loaded.
 *
 * @example
 * const ckpt = await loadCheckpoint('runs/a/checkpoints');
 * const weights = ckpt.tensors.model; // Record<string, HostArray>
 */
export async function loadCheckpoint(
  path: string,
  options: LoadCheckpointOptions = {},
): Promise<LoadedCheckpoint> {
  let dir = path;
  if (!(await isDirectoryWithManifest(path))) {
    const latest = await latestCheckpoint(path);
    if (!latest) {
      const steps = (await listCheckpoints(path)).map((c) => c.step);
      throw new NotFoundError(
        path,
        'checkpoint (no manifest.json and no latest file)',
        steps.length ? `pass one of ${steps.map((s) => `${path}/step-${s}`).join(', ')}` : 'check the path',
      );
    }
    dir = latest;
  }
  const manifest = await readCheckpointManifest(dir);
  const stems = Object.keys(manifest.files)
    .filter((f) => f.endsWith('.safetensors'))
    .map((f) => f.slice(0, -'.safetensors'.length));
  const wanted = options.files ?? stems;
  const tensors: LoadedCheckpoint['tensors'] = {};
  for (const stem of wanted) {
    const name = `${stem}.safetensors`;
    const expected = manifest.files[name];
    const file = join(dir, name);
    if (!expected) {
      throw new NotFoundError(
        file,
        `tensor file '${stem}' in the manifest`,
        `this checkpoint has: ${stems.join(', ') || 'no tensor files'}`,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(
          file,
          'checkpoint file listed in the manifest',
          'restore it, or load an earlier checkpoint',
        );
      }
      throw error;
    }
    const fix =
      'the file changed after it was saved (corrupt or replaced); restore it or load an earlier checkpoint';
    if (bytes.length !== expected.bytes) {
      throw new FileFormatError(
        file,
        `size mismatch: manifest says ${expected.bytes} bytes, found ${bytes.length}`,
        fix,
      );
    }
    const found = sha256Hex(bytes);
    if (found !== expected.sha256) {
      throw new FileFormatError(
        file,
        `sha256 mismatch: manifest says ${expected.sha256}, found ${found}`,
        fix,
      );
    }
    tensors[stem] = decodeSafetensors(bytes, file).tensors;
  }
  return {
    path: dir,
    manifest,
    step: manifest.step,
    flops: { ...manifest.flops },
    rng: manifest.rng,
    data: manifest.data,
    config: manifest.config,
    state: manifest.state,
    tensors,
  };
}
