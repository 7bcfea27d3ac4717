import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileFormatError, NotFoundError } from '../errors.js';
import { appendJsonl } from './append-jsonl.js';
import { readJsonl } from './read-jsonl.js';

let path: string;
beforeEach(async () => {
  path = join(await mkdtemp(join(tmpdir(), 'fm-jsonl-')), 'log.jsonl');
});

describe('appendJsonl / readJsonl', () => {
  it('writes one line per record and reads them back', async () => {
    await appendJsonl(path, { step: 1, loss: 0.5 });
    await appendJsonl(
      path,
      [
        { step: 2, loss: 0.25 },
        { step: 3, note: 'a\nb' },
      ],
      { fsync: true },
    );
    await appendJsonl(path, []);
    expect(await readFile(path, 'utf8')).toBe(
      '{"step":1,"loss":0.5}\n{"step":2,"loss":0.25}\n{"step":3,"note":"a\\nb"}\n',
    );
    expect(await readJsonl(path)).toEqual({
      records: [
        { step: 1, loss: 0.5 },
        { step: 2, loss: 0.25 },
        { step: 3, note: 'a\nb' },
      ],
    });
  });

  it('skips and reports a truncated last line from a killed writer', async () => {
    await appendJsonl(path, [{ step: 1 }, { step: 2 }]);
    await appendFile(path, '{"step":3,"lo');
    const got = await readJsonl(path);
    expect(got.records).toEqual([{ step: 1 }, { step: 2 }]);
    expect(got.truncated).toEqual({ line: 3, text: '{"step":3,"lo' });
  });

  it('accepts a complete last line without a newline, and blank lines', async () => {
    await writeFile(path, '{"a":1}\n\n{"a":2}');
    expect(await readJsonl(path)).toEqual({ records: [{ a: 1 }, { a: 2 }] });
    await writeFile(path, '');
    expect(await readJsonl(path)).toEqual({ records: [] });
  });

  it('fails on a corrupt line in the middle, naming the file and line', async () => {
    await writeFile(path, '{"a":1}\n{"a":\n{"a":3}\n');
    const err = await readJsonl(path).catch((e) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect(err.message).toContain(`${path}: line 2 is not valid JSON`);
    // A complete (newline-terminated) last line that is corrupt is not a killed write either.
    await writeFile(path, '{"a":1}\n{"a":\n');
    await expect(readJsonl(path)).rejects.toThrow(/line 2 is not valid JSON/);
  });

  it('reports a missing file as not found', async () => {
    await expect(readJsonl(`${path}.nope`)).rejects.toBeInstanceOf(NotFoundError);
  });
});
