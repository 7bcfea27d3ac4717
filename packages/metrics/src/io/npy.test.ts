import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@flopmatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy, readNpy, writeNpy } from './npy.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** Builds .npy bytes by hand: magic, version, header length, header text, then the given data bytes. */
function handBuilt(version: 1 | 2 | 3, header: string, data: Uint8Array): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + lengthBytes + headerBytes.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 8 + lengthBytes);
  out.set(data, 8 + lengthBytes + headerBytes.length);
  return out;
}

/** Little-endian float32 bytes of `values`, written one by one through a DataView. */
function f32le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return out;
}

describe('parseNpy', () => {
  it('reads a hand-built version 1.0 float32 file', () => {
    const bytes = handBuilt(
      1,
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n",
      f32le([1, -2, 0.5, 8]),
    );
    const a = parseNpy(bytes, 'hand.npy');
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1, -2, 0.5, 8]);
  });

  it('reads hand-built version 2.0 and 3.0 headers (3.0 is UTF-8; key order and quotes may vary)', () => {
    const v2 = parseNpy(
      handBuilt(2, '{"shape": (1, 3), "fortran_order": False, "descr": "<f4"}\n', f32le([1, 2, 3])),
      'v2.npy',
    );
    expect(Array.from(v2.data)).toEqual([1, 2, 3]);
    const v3 = parseNpy(
      handBuilt(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 1), }\n", f32le([4, 5, 6])),
      'v3.npy',
    );
    expect(v3.shape).toEqual([3, 1]);
    expect(Array.from(v3.data)).toEqual([4, 5, 6]);
  });

  it('reads the files NumPy wrote (float32 v1.0, float64 v2.0)', async () => {
    const a = parseNpy(await readFile(fixture('numpy-float32-2x3.npy')), 'f32');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1.5, -2, 3.25, 0, Math.fround(1e-3), -7]);
    const b = parseNpy(await readFile(fixture('numpy-float64-4x2-v2.npy')), 'f64');
    expect(b.dtype).toBe('float64');
    expect(b.shape).toEqual([4, 2]);
    expect(Array.from(b.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((v) => v / 3));
  });

  it.each([
    ['a wrong magic string', new Uint8Array([1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 0, 0]), /not a .npy file/],
    [
      'an unknown version',
      handBuilt(1, '{}', new Uint8Array()).map((v, i) => (i === 6 ? 4 : v)),
      /format version 4.0/,
    ],
    [
      'an int64 dtype',
      handBuilt(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(8)),
      /unsupported dtype "<i8"[\s\S]*fix: save little-endian/,
    ],
    [
      'a big-endian dtype',
      handBuilt(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(4)),
      /unsupported dtype ">f4"/,
    ],
    [
      'Fortran order',
      handBuilt(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new Uint8Array(4)),
      /fortran_order is true/,
    ],
    [
      'a 1-D shape',
      handBuilt(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new Uint8Array(12)),
      /shape \[3\] is not \[N, D\][\s\S]*reshape/,
    ],
    [
      'a 3-D shape',
      handBuilt(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", new Uint8Array(4)),
      /shape \[1,1,1\] is not \[N, D\]/,
    ],
    [
      'truncated data',
      handBuilt(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", new Uint8Array(12)),
      /truncated data: shape \[2, 2\] float32 needs 16 bytes, the file has 12/,
    ],
    [
      'extra data',
      handBuilt(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(9)),
      /1 unexpected bytes after/,
    ],
    [
      'a truncated header',
      handBuilt(1, "{'descr': '<f4'", new Uint8Array()).slice(0, 14),
      /truncated header/,
    ],
    [
      'a malformed header',
      handBuilt(1, "{'descr': '<f4', 'shape': __import__('os')}", new Uint8Array()),
      /malformed header: unexpected token/,
    ],
  ])('rejects %s with a FileFormatError naming the file', (_, bytes, message) => {
    let caught: unknown;
    try {
      parseNpy(bytes, 'features/bad.npy');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FileFormatError);
    expect((caught as FileFormatError).path).toBe('features/bad.npy');
    expect((caught as Error).message).toMatch(/^features\/bad\.npy: /);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('encodeNpy', () => {
  it('writes byte-for-byte what NumPy writes', async () => {
    const f32 = await readFile(fixture('numpy-float32-2x3.npy'));
    expect(Buffer.from(encodeNpy(parseNpy(f32, 'f32')))).toEqual(f32);
    // NumPy wrote the float64 fixture as version 2.0 on request; ours picks 1.0, so compare the data only.
    const f64 = parseNpy(await readFile(fixture('numpy-float64-4x2-v2.npy')), 'f64');
    expect(parseNpy(encodeNpy(f64), 'again')).toEqual(f64);
  });

  it('pads the header so the data starts on a 64-byte boundary', () => {
    for (const n of [1, 12, 1234567]) {
      const bytes = encodeNpy({ dtype: 'float32', shape: [n, 0], data: new Float32Array(0) });
      expect(bytes.length % 64).toBe(0);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
    }
  });

  it('round-trips float32 and float64 exactly', () => {
    const f32 = {
      dtype: 'float32' as const,
      shape: [3, 2] as [number, number],
      data: Float32Array.from([1, 2, 3, 4, 5, -6.5]),
    };
    expect(parseNpy(encodeNpy(f32), 'x')).toEqual(f32);
    const f64 = {
      dtype: 'float64' as const,
      shape: [1, 3] as [number, number],
      data: Float64Array.from([Math.PI, -0, 1e-300]),
    };
    expect(parseNpy(encodeNpy(f64), 'x')).toEqual(f64);
  });

  it('refuses data that does not match the shape or dtype', () => {
    expect(() => encodeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) })).toThrow(
      /3 values but shape \[2, 2\] needs 4/,
    );
    expect(() => encodeNpy({ dtype: 'float64', shape: [1, 1], data: new Float32Array(1) })).toThrow(
      /does not match a Float32Array/,
    );
  });
});

describe('readNpy / writeNpy', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flopmatch-npy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through a file', async () => {
    const path = join(dir, 'a.npy');
    const a = {
      dtype: 'float64' as const,
      shape: [2, 1] as [number, number],
      data: Float64Array.from([1, 2]),
    };
    await writeNpy(path, a);
    expect(await readNpy(path)).toEqual(a);
  });

  it('names a missing file and a corrupt file by path', async () => {
    await expect(readNpy(join(dir, 'missing.npy'))).rejects.toThrow(
      /missing\.npy: cannot read the file \(ENOENT\)/,
    );
    const corrupt = join(dir, 'corrupt.npy');
    await writeFile(corrupt, 'hello world, not numpy');
    await expect(readNpy(corrupt)).rejects.toThrow(/corrupt\.npy: not a .npy file/);
  });
});
