import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { readFileBytes } from './read-file-bytes.js';

describe('readFileBytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopmatch-read-bytes-'));

  it('returns the bytes of a file', () => {
    const path = join(dir, 'three.bin');
    writeFileSync(path, Uint8Array.of(7, 0, 255));
    expect([...readFileBytes(path, 'check the path')]).toEqual([7, 0, 255]);
  });

  it('names the path, the error code and the fix when the file cannot be read', () => {
    const missing = join(dir, 'missing.bin');
    expect(() => readFileBytes(missing, 'check the path')).toThrow(FileFormatError);
    expect(() => readFileBytes(missing, 'check the path')).toThrow(
      /missing\.bin: cannot read the file \(ENOENT\).*fix: check the path/s,
    );
    expect(() => readFileBytes(dir, 'pass a file')).toThrow(/cannot read the file \(EISDIR\)/);
  });
});
