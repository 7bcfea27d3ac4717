/**
 * Layout of a checkpoint root: `<root>/step-<n>/` per checkpoint (each with `manifest.json`), a `latest`
 * file naming the newest complete one, and `.step-<n>.partial-*` directories only while a save is in
 * flight (a save is renamed into place only once complete).
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError, FlopmatchError, NotFoundError } from '../errors.js';

/** File in a checkpoint root that names the newest complete checkpoint directory. */
export const LATEST_FILE = 'latest';
/** File in each checkpoint directory describing it. */
export const MANIFEST_FILE = 'manifest.json';

/** Directory name of the checkpoint at `step`. */
export function stepDirName(step: number): string {
  return `step-${step}`;
}

/** One checkpoint directory in a root. */
export interface CheckpointEntry {
  step: number;
  path: string;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Complete checkpoints (directories `step-<n>` holding a manifest) in `root`, by increasing step; [] if
 * `root` does not exist.
 */
export async function listCheckpoints(root: string): Promise<CheckpointEntry[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: CheckpointEntry[] = [];
  for (const name of names) {
    const m = /^step-(\d+)$/.exec(name);
    if (m && (await exists(join(root, name, MANIFEST_FILE))))
      out.push({ step: Number(m[1]), path: join(root, name) });
  }
  return out.sort((a, b) => a.step - b.step);
}

/**
 * The checkpoint directory `root/latest` points at, or undefined when there is no `latest` file yet.
 * A `latest` naming a missing directory throws `NotFoundError`.
 */
export async function latestCheckpoint(root: string): Promise<string | undefined> {
  let name: string;
  try {
    name = (await readFile(join(root, LATEST_FILE), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!/^step-\d+$/.test(name)) {
    throw new FileFormatError(
      join(root, LATEST_FILE),
      `expected 'step-<n>', found ${JSON.stringify(name.slice(0, 40))}`,
    );
  }
  const path = join(root, name);
  if (!(await exists(join(path, MANIFEST_FILE)))) {
    const steps = (await listCheckpoints(root)).map((c) => c.step);
    throw new NotFoundError(
      join(path, MANIFEST_FILE),
      `checkpoint named by ${join(root, LATEST_FILE)}`,
      steps.length ? `load one of steps ${steps.join(', ')} explicitly` : 'start the run afresh',
    );
  }
  return path;
}

/**
 * Deletes all but the `keepLast` newest checkpoints in `root` (never the one `latest` names) and any
 * leftover partial saves. Returns the deleted paths.
 */
export async function pruneCheckpoints(root: string, keepLast: number): Promise<string[]> {
  if (!Number.isInteger(keepLast) || keepLast < 1) {
    throw new FlopmatchError('E_CONFIG', `keepLast must be a positive integer, got ${keepLast}`);
  }
  const all = await listCheckpoints(root);
  const latest = await latestCheckpoint(root).catch(() => undefined);
  const doomed = all.slice(0, Math.max(0, all.length - keepLast)).filter((c) => c.path !== latest);
  const partial = (await readdir(root))
    .filter((n) => /^\.step-\d+\.partial-/.test(n))
    .map((n) => join(root, n));
  const removed = [...doomed.map((c) => c.path), ...partial];
  for (const path of removed) await rm(path, { recursive: true, force: true });
  return removed;
}
