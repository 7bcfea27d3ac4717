import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';
import { writeJsonAtomic } from './write-json-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fm-atomic-'));
});

describe('writeFileAtomic', () => {
  it('writes bytes and strings, replacing an existing file, leaving no temp files', async () => {
    const path = join(dir, 'a.bin');
    await writeFileAtomic(path, 'old contents that are longer');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, 'héllo');
    expect(await readFile(path, 'utf8')).toBe('héllo');
    expect(await readdir(dir)).toEqual(['a.bin']);
  });

  it('fails without touching the target when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('cleans up its temp file when the rename fails', async () => {
    // Renaming a file over a non-empty directory fails: the temp file must not be left behind.
    const target = join(dir, 'sub');
    await mkdir(join(target, 'inner'), { recursive: true });
    await writeFileAtomic(join(dir, 'keep'), 'k');
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'sub']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes pretty JSON with a trailing newline', async () => {
    const path = join(dir, 'v.json');
    await writeJsonAtomic(path, { a: [1, 2], b: 'x' });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}\n');
  });
});
