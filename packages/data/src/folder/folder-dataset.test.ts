import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../image/png.js';
import { FolderDataset } from './folder-dataset.js';

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopmatch-folder-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A 4 × 4 RGB PNG: left half (r, g, b) = (255, 0, 0), right half (0, 0, 255). */
const halves = encodePng({
  width: 4,
  height: 4,
  channels: 3,
  data: Uint8Array.from({ length: 48 }, (_, k) => {
    const x = Math.floor(k / 3) % 4;
    const c = k % 3;
    return x < 2 ? (c === 0 ? 255 : 0) : c === 2 ? 255 : 0;
  }),
});
const grey = encodePng({ width: 2, height: 2, channels: 1, data: Uint8Array.from([0, 255, 255, 0]) });
const lines = (...entries: object[]) => entries.map((e) => JSON.stringify(e)).join('\n');

describe('FolderDataset', () => {
  it('reads images with captions and resizes them with the area filter', () => {
    const dir = folder({
      'a.png': halves,
      'captions.jsonl': `${lines({ file: 'a.png', caption: 'red and blue' })}\n\n${lines({ file: 'a.png', caption: 'again' })}\n`,
    });
    const ds = new FolderDataset({ dir, height: 1, width: 2 });
    expect(ds.size).toBe(2);
    expect(ds.imageShape).toEqual({ height: 1, width: 2, channels: 3 });
    const s = ds.get(0);
    expect(Array.from(s.image)).toEqual([1, -1, -1, -1, -1, 1]);
    expect(s.caption).toBe('red and blue');
    expect(ds.get(1).meta).toEqual({ file: 'a.png', line: 3 });
    // 4 → 1 column: the mean of red and blue halves: 127.5 → 0 in R and B.
    expect(Array.from(new FolderDataset({ dir, height: 1, width: 1 }).get(0).image)).toEqual([0, -1, 0]);
  });

  it('reads grey images when channels is 1', () => {
    const dir = folder({ 'g.png': grey, 'captions.jsonl': lines({ file: 'g.png', caption: 'checker' }) });
    const ds = new FolderDataset({ dir, height: 1, width: 1, channels: 1 });
    expect(Array.from(ds.get(0).image)).toEqual([0]); // mean of 0, 255, 255, 0 = 127.5
  });

  it('names the file and line for each kind of bad input', () => {
    const cases: [Record<string, Uint8Array | string>, RegExp][] = [
      [
        { 'captions.jsonl': `${lines({ file: 'a.png', caption: 'x' })}\n{"file": "a.png",`, 'a.png': halves },
        /captions.jsonl:2: malformed JSON/,
      ],
      [
        { 'captions.jsonl': lines({ file: 'b.png', caption: 'x' }) },
        /captions.jsonl:1: image 'b.png' does not exist/,
      ],
      [
        { 'captions.jsonl': lines({ file: 'a.png' }), 'a.png': halves },
        /captions.jsonl:1: missing string field 'caption'/,
      ],
      [
        { 'captions.jsonl': lines({ file: 'a.png', caption: 'x' }), 'a.png': 'not an image' },
        /a.png: neither a PNG nor a JPEG .*listed at .*captions.jsonl:1/,
      ],
      [
        { 'captions.jsonl': lines({ file: 'g.png', caption: 'x' }), 'g.png': grey },
        /g.png: has 1 channel\(s\) \(grey\), the config asks for 3 .*fix: convert the image to RGB, or set channels: 1/s,
      ],
      [{ 'captions.jsonl': '' }, /captions.jsonl: no captions/],
      [{}, /captions.jsonl: captions file not found/],
    ];
    for (const [files, message] of cases) {
      const dir = folder(files);
      expect(() => new FolderDataset({ dir })).toThrow(FileFormatError);
      expect(() => new FolderDataset({ dir })).toThrow(message);
    }
  });

  it('drops an opaque alpha channel and rejects transparency', () => {
    const rgba = (alpha: number) =>
      encodePng({ width: 1, height: 1, channels: 4, data: Uint8Array.from([0, 255, 0, alpha]) });
    const ok = folder({ 'p.png': rgba(255), 'captions.jsonl': lines({ file: 'p.png', caption: 'green' }) });
    expect(Array.from(new FolderDataset({ dir: ok, height: 1, width: 1 }).get(0).image)).toEqual([-1, 1, -1]);
    const bad = folder({ 'p.png': rgba(10), 'captions.jsonl': lines({ file: 'p.png', caption: 'green' }) });
    expect(() => new FolderDataset({ dir: bad })).toThrow(/p.png: has transparent pixels \(alpha 10\)/);
  });

  it('requires dir in the config', () => {
    expect(() => new FolderDataset({} as never)).toThrow(/dir = \(missing\)/);
  });
});
