import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { sha256File, sha256Hex } from './sha256.js';

describe('sha256', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('hashes a file in chunks to the same digest as its bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-sha-'));
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) & 255); // spans several stream chunks
    await writeFile(join(dir, 'f'), bytes);
    expect(await sha256File(join(dir, 'f'))).toBe(createHash('sha256').update(bytes).digest('hex'));
    await expect(sha256File(join(dir, 'missing'))).rejects.toBeInstanceOf(NotFoundError);
  });
});
