import { gzipSync } from 'node:zlib';
import { FileFormatError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, readIdx } from './idx.js';

describe('IDX parsing', () => {
  it('parses a hand-written uint8 file', () => {
    // 2 × 3 uint8 array [[1, 2, 3], [4, 5, 255]].
    const bytes = Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
    expect(parseIdx(bytes)).toEqual({
      type: 'uint8',
      dims: [2, 3],
      data: Uint8Array.from([1, 2, 3, 4, 5, 255]),
    });
    expect(parseIdx(gzipSync(bytes))).toEqual(parseIdx(bytes));
  });

  it('reads big-endian multi-byte types', () => {
    // int16 [−2, 258]; float32 [1.5].
    expect(parseIdx(Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x02])).data).toEqual(
      Int16Array.from([-2, 258]),
    );
    expect(parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0])).data).toEqual(
      Float32Array.from([1.5]),
    );
  });

  it.each(['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'] as const)(
    'round-trips %s through encodeIdx',
    (type) => {
      const values = [0, 1, 7, 100, 2, 3];
      const data = {
        uint8: Uint8Array,
        int8: Int8Array,
        int16: Int16Array,
        int32: Int32Array,
        float32: Float32Array,
        float64: Float64Array,
      }[type].from(type === 'uint8' ? values : values.map((v) => v - 3));
      const array = { type, dims: [3, 2], data };
      expect(parseIdx(encodeIdx(array))).toEqual(array);
      expect(parseIdx(encodeIdx(array, { gzip: true }))).toEqual(array);
    },
  );

  it('rejects bad files with the path and what is wrong', () => {
    const good = encodeIdx({ type: 'uint8', dims: [2, 2], data: Uint8Array.from([1, 2, 3, 4]) });
    const cases: [Uint8Array, RegExp][] = [
      [Uint8Array.from([0, 0]), /f.idx: only 2 bytes/],
      [Uint8Array.from([0x12, 0x34, 0x08, 1, 0, 0, 0, 0]), /f.idx: bad IDX magic 0x12340801/],
      [Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 0]), /bad IDX magic 0x00000701/],
      [Uint8Array.from([0, 0, 0x08, 0]), /declares 0 dimensions/],
      [
        Uint8Array.from([0, 0, 0x08, 3, 0, 0, 0, 1]),
        /truncated header: 3 dimensions need 16 bytes, file has 8/,
      ],
      [
        good.subarray(0, good.length - 1),
        /truncated: dimensions \[2, 2\] need 16 bytes of uint8, file has 15/,
      ],
      [Uint8Array.from([...good, 9, 9]), /2 unexpected bytes after the 4 elements/],
      [Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), /corrupt gzip stream/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => parseIdx(bytes, 'f.idx')).toThrow(FileFormatError);
      expect(() => parseIdx(bytes, 'f.idx')).toThrow(message);
    }
    expect(() => readIdx('/nonexistent/x-idx3-ubyte')).toThrow(
      /\/nonexistent\/x-idx3-ubyte: cannot read the file \(ENOENT\)/,
    );
  });
});
