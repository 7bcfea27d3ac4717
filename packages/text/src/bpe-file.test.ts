import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, FileFormatError } from '@flopmatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBpeTokenizer, saveBpeTokenizer } from './bpe-file.js';
import { trainBpe } from './train-bpe.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flopmatch-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tok = trainBpe(['a red circle', 'a red square', 'two blue circles', 'une crème brûlée 🙂'], {
  vocabSize: 290,
});

describe('saveBpeTokenizer / loadBpeTokenizer', () => {
  it('round-trips merges, config and encodings, leaving no temporary file', async () => {
    const path = join(dir, 'tok.json');
    await saveBpeTokenizer(tok, path);
    const back = await loadBpeTokenizer(path);
    expect(back.merges).toEqual(tok.merges);
    expect(back.config).toEqual(tok.config);
    expect(back.encode('a red crème circle 🙂')).toEqual(tok.encode('a red crème circle 🙂'));
    expect(await readdir(dir)).toEqual(['tok.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('names a missing file', async () => {
    const path = join(dir, 'missing.json');
    await expect(loadBpeTokenizer(path)).rejects.toThrowError(FileFormatError);
    await expect(loadBpeTokenizer(path)).rejects.toThrowError(`${path}: no such tokenizer file`);
  });

  it('names a truncated file', async () => {
    const path = join(dir, 'cut.json');
    const text = JSON.stringify(tok.toJSON());
    await writeFile(path, text.slice(0, text.length / 2));
    await expect(loadBpeTokenizer(path)).rejects.toThrowError(
      new RegExp(`${path}: is not valid JSON .*\\n.*save the tokenizer again`),
    );
  });

  it('names the file and the field of a corrupt entry', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ ...tok.toJSON(), preTokenize: 'words' }));
    await expect(loadBpeTokenizer(path)).rejects.toThrowError(ConfigError);
    await expect(loadBpeTokenizer(path)).rejects.toThrowError(
      new RegExp(`invalid ${path}:\\n  - preTokenize = "words"`),
    );
  });

  it('fails to save into a missing folder without leaving a temporary file', async () => {
    await expect(saveBpeTokenizer(tok, join(dir, 'nope', 'tok.json'))).rejects.toThrowError(/ENOENT/);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
