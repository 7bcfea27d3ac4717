import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, readPng, writePng } from './png.js';
import { readImage } from './read-image.js';

const dir = mkdtempSync(join(tmpdir(), 'flopmatch-png-'));

describe('PNG I/O', () => {
  it.each([1, 2, 3, 4])('round-trips a %i-channel image exactly', (channels) => {
    const width = 5;
    const height = 3;
    const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37 + 11) % 256);
    const path = join(dir, `c${channels}.png`);
    writePng(path, { width, height, channels, data });
    const back = readPng(path);
    expect(back).toEqual({ width, height, channels, data });
    expect(readImage(path)).toEqual(back);
  });

  it('writes the colour type matching the channel count (byte 25 of the IHDR)', () => {
    const types = [1, 2, 3, 4].map(
      (c) => encodePng({ width: 1, height: 1, channels: c, data: new Uint8Array(c) })[25],
    );
    expect(types).toEqual([0, 4, 2, 6]);
  });

  it('names the file when the bytes are not a PNG', () => {
    const path = join(dir, 'broken.png');
    const good = encodePng({ width: 4, height: 4, channels: 3, data: new Uint8Array(48) });
    writeFileSync(path, good.subarray(0, 40));
    expect(() => readPng(path)).toThrow(FileFormatError);
    expect(() => readPng(path)).toThrow(new RegExp(`${path}: not a readable PNG`));
    expect(() => decodePng(Uint8Array.from([1, 2, 3]), 'x.png')).toThrow(/x.png: not a readable PNG/);
    expect(() => readImage(join(dir, 'missing.png'))).toThrow(/missing.png: cannot read the file \(ENOENT\)/);
  });

  it('rejects images whose data does not match their size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) })).toThrow(
      /needs 12 values, got 11/,
    );
  });
});
