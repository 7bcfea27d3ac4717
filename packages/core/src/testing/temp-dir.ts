/** A temporary folder for a test file: made before its tests, removed with its contents after them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@flopmatch/core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers `beforeAll`/`afterAll` hooks and returns a getter of the folder's path (valid inside tests).
 *
 * @example
 * const dir = useTempDir('flopmatch-mtp-');
 * it('saves', async () => { await objective.save(join(dir(), 'a.safetensors')); });
 */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) {
      throw new UsageError(
        `useTempDir('${prefix}'): the folder exists only inside tests (after beforeAll)`,
        'call the getter inside it(), beforeEach() or afterAll(), not at the top of the file',
      );
    }
    return dir;
  };
}
