import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { useTempDir } from './temp-dir.js';

const outer = useTempDir('flopmatch-temp-dir-outer-');
const early = (() => {
  try {
    outer();
  } catch (error) {
    return error;
  }
})();

let innerPath = '';

describe('a suite with its own folder', () => {
  const inner = useTempDir('flopmatch-temp-dir-inner-');

  it('exists inside tests, named by its prefix, and is the same folder in every test', async () => {
    innerPath = inner();
    expect(innerPath).toContain('flopmatch-temp-dir-inner-');
    expect((await stat(innerPath)).isDirectory()).toBe(true);
    await writeFile(join(innerPath, 'a.txt'), 'a');
  });

  it('keeps what an earlier test wrote', async () => {
    expect(inner()).toBe(innerPath);
    expect((await stat(join(inner(), 'a.txt'))).size).toBe(1);
  });
});

describe('useTempDir', () => {
  it('removes the folder and its contents after its suite', async () => {
    expect(innerPath).not.toBe('');
    await expect(stat(innerPath)).rejects.toThrow(/ENOENT/);
    expect((await stat(outer())).isDirectory()).toBe(true);
  });

  it('refuses the path outside tests, naming the prefix and the fix', () => {
    expect(early).toBeInstanceOf(UsageError);
    expect(String(early)).toMatch(
      /useTempDir\('flopmatch-temp-dir-outer-'\)[\s\S]*fix: call the getter inside it\(\)/,
    );
  });
});
