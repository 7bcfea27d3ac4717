import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostArray } from '../contracts/tensor.js';
import { FileFormatError, NotFoundError } from '../errors.js';
import { decodeSafetensors } from './decode-safetensors.js';
import { encodeSafetensors } from './encode-safetensors.js';
import { readSafetensors, writeSafetensors } from './safetensors-file.js';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// Hand-built file: widest dtype first (F32, then I32, then U8), names sorted within a dtype.
const GOLDEN_HEADER =
  '{"__metadata__":{"format":"pt"},' +
  '"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
  '"ids":{"dtype":"I32","shape":[3],"data_offsets":[8,20]},' +
  '"m":{"dtype":"U8","shape":[1,1],"data_offsets":[20,21]}}';
// biome-ignore format: bytes laid out by hand, one field per line
const GOLDEN = new Uint8Array([
  200, 0, 0, 0, 0, 0, 0, 0, // header length: 197 bytes of JSON + 3 spaces = 200, u64 little-endian
  ...ascii(GOLDEN_HEADER),
  0x20, 0x20, 0x20,
  0x00, 0x00, 0x80, 0x3f, // w[0] = 1.0f
  0x00, 0x00, 0x00, 0xc0, // w[1] = -2.0f
  0x01, 0x00, 0x00, 0x00, // ids = 1, 2, 258
  0x02, 0x00, 0x00, 0x00,
  0x02, 0x01, 0x00, 0x00,
  0x07, // m = 7
]);
const GOLDEN_TENSORS: Record<string, HostArray> = {
  m: { dtype: 'uint8', shape: [1, 1], data: new Uint8Array([7]) },
  ids: { dtype: 'int32', shape: [3], data: new Int32Array([1, 2, 258]) },
  w: { dtype: 'float32', shape: [2], data: new Float32Array([1, -2]) },
};

function decodeError(bytes: Uint8Array): FileFormatError {
  try {
    decodeSafetensors(bytes, 'bad.safetensors');
  } catch (e) {
    expect(e).toBeInstanceOf(FileFormatError);
    return e as FileFormatError;
  }
  throw new Error('decoded without error');
}

/** Golden bytes with the header replaced (re-padded) and `data` as the byte buffer. */
function withHeader(header: string, data: number[]): Uint8Array {
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, ' ');
  return new Uint8Array([padded.length, 0, 0, 0, 0, 0, 0, 0, ...ascii(padded), ...data]);
}

describe('encodeSafetensors', () => {
  it('writes the hand-built golden bytes exactly', () => {
    expect(GOLDEN.length).toBe(8 + 200 + 21);
    expect(encodeSafetensors(GOLDEN_TENSORS, { format: 'pt' })).toEqual(GOLDEN);
  });

  it('writes an empty file as the reference does: {} padded to 8 bytes', () => {
    expect([...encodeSafetensors({})]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...ascii('{}      ')]);
  });

  it('orders names by UTF-8 bytes and keeps integer-like names in that order', () => {
    const t = (v: number): HostArray => ({ dtype: 'float32', shape: [], data: new Float32Array([v]) });
    const bytes = encodeSafetensors({ '10': t(1), '2': t(2), '\u{10000}': t(3), '\uE000': t(4), '0': t(5) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    const order = [...header.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1]);
    expect(order).toEqual(['0', '10', '2', '\uE000', '\u{10000}']); // UTF-8 order (UTF-16 would swap the last two)
  });

  it('refuses tensors whose data does not match dtype or shape', () => {
    const bad = (t: HostArray) => () => encodeSafetensors({ x: t });
    expect(bad({ dtype: 'float32', shape: [3], data: new Float32Array(2) })).toThrow(
      /'x'.*3 elements, data has 2/,
    );
    expect(bad({ dtype: 'float32', shape: [2], data: new Float64Array(2) })).toThrow(
      /needs a Float32Array, got a Float64Array/,
    );
    expect(bad({ dtype: 'float32', shape: [-1], data: new Float32Array(0) })).toThrow(/bad shape/);
    expect(() => encodeSafetensors({ __metadata__: GOLDEN_TENSORS.m! })).toThrow(/reserved/);
  });
});

describe('decodeSafetensors', () => {
  it('reads the golden bytes', () => {
    const { tensors, metadata } = decodeSafetensors(GOLDEN);
    expect(metadata).toEqual({ format: 'pt' });
    expect(Object.keys(tensors)).toEqual(['w', 'ids', 'm']);
    expect(tensors).toEqual(GOLDEN_TENSORS);
  });

  it('round-trips every dtype, empty and scalar shapes, from an unaligned view', () => {
    const all: Record<string, HostArray> = {
      f64: { dtype: 'float64', shape: [2], data: new Float64Array([Math.PI, -0]) },
      i64: { dtype: 'int64', shape: [2], data: new BigInt64Array([-(2n ** 62n), 5n]) },
      f16: { dtype: 'float16', shape: [1], data: new Uint16Array([0x3c00]) },
      bf16: { dtype: 'bfloat16', shape: [1], data: new Uint16Array([0x3f80]) },
      u16: { dtype: 'uint16', shape: [1], data: new Uint16Array([65535]) },
      i16: { dtype: 'int16', shape: [1], data: new Int16Array([-3]) },
      i8: { dtype: 'int8', shape: [1], data: new Int8Array([-128]) },
      u32: { dtype: 'uint32', shape: [], data: new Uint32Array([2 ** 32 - 1]) },
      flag: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
      empty: { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) },
    };
    const bytes = encodeSafetensors(all, { a: '1' });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const back = decodeSafetensors(shifted.subarray(3));
    expect(back.tensors).toEqual(all);
    // Data order: widest dtype first (I64, F64, F32, U32, BF16, F16, U16, I16, I8, BOOL).
    expect(Object.keys(back.tensors)).toEqual([
      'i64',
      'f64',
      'empty',
      'u32',
      'bf16',
      'f16',
      'u16',
      'i16',
      'i8',
      'flag',
    ]);
    expect(back.tensors.f64!.data.buffer).not.toBe(shifted.buffer);
  });

  it('accepts offsets listed out of order in the header', () => {
    const bytes = withHeader(
      '{"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}',
      [5, 6],
    );
    const { tensors } = decodeSafetensors(bytes);
    expect(tensors.a!.data).toEqual(new Uint8Array([5]));
    expect(tensors.b!.data).toEqual(new Uint8Array([6]));
  });

  it.each([
    [
      'a short file',
      GOLDEN.subarray(0, 5),
      /bad.safetensors: file is 5 bytes, shorter than the 8-byte header/,
    ],
    [
      'a header longer than the file',
      GOLDEN.subarray(0, 100),
      /header length 200 exceeds the file size \(100 bytes\)/,
    ],
    [
      'a truncated data section',
      GOLDEN.subarray(0, GOLDEN.length - 1),
      /tensors cover 21 bytes but the file holds 20 bytes/,
    ],
    ['trailing bytes', new Uint8Array([...GOLDEN, 0]), /cover 21 bytes but the file holds 22/],
    [
      'a huge header length',
      new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, ...GOLDEN.subarray(8)]),
      /exceeds the 100000000-byte limit/,
    ],
    ['broken JSON', withHeader('{"a":', []), /header is not valid JSON/],
    ['a non-object header', withHeader('[1,2]', []), /header is not a JSON object/],
    [
      'invalid UTF-8',
      new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0xff, 0x7d, 32, 32, 32, 32, 32]),
      /not valid UTF-8/,
    ],
    [
      'an unknown dtype',
      withHeader('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', [0]),
      /'a': dtype "F8_E4M3" is not supported/,
    ],
    [
      'a bad shape',
      withHeader('{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}', [0]),
      /'a': shape \[-1\] is not a list/,
    ],
    [
      'reversed offsets',
      withHeader('{"a":{"dtype":"U8","shape":[0],"data_offsets":[1,0]}}', [0]),
      /'a': data_offsets \[1,0\]/,
    ],
    [
      'a size mismatch',
      withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]),
      /'a': shape \[2\] of F32 needs 8 bytes but data_offsets span 4/,
    ],
    [
      'overlapping tensors',
      withHeader(
        '{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}',
        [0, 0, 0],
      ),
      /'b': data_offsets \[1, 3\] overlap the previous tensor/,
    ],
    [
      'a gap',
      withHeader('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0]),
      /'a': data_offsets start at 1, leaving a gap after byte 0/,
    ],
    [
      'non-string metadata',
      withHeader('{"__metadata__":{"a":1}}', []),
      /__metadata__ must map strings to strings/,
    ],
  ])('refuses %s, naming the file and the problem', (_what, bytes, message) => {
    const err = decodeError(bytes);
    expect(err.message).toMatch(message);
    expect(err.path).toBe('bad.safetensors');
  });
});

describe('safetensors files', () => {
  it('writes atomically and reads back; a missing file is NotFoundError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-st-'));
    const path = join(dir, 'model.safetensors');
    const written = await writeSafetensors(path, GOLDEN_TENSORS, { format: 'pt' });
    expect(written).toEqual(GOLDEN);
    expect(await readSafetensors(path)).toEqual({ tensors: GOLDEN_TENSORS, metadata: { format: 'pt' } });
    await writeFile(path, GOLDEN.subarray(0, 50));
    await expect(readSafetensors(path)).rejects.toThrow(
      `${path}: header length 200 exceeds the file size (50 bytes)`,
    );
    await expect(readSafetensors(join(dir, 'nope.safetensors'))).rejects.toBeInstanceOf(NotFoundError);
  });
});
