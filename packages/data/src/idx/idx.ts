/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al., "Gradient-based learning applied to document
 * recognition", 1998; format described with the MNIST release). Layout, all big-endian:
 *
 *   bytes 0–1  zero
 *   byte  2    element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 *   byte  3    number of dimensions d
 *   4 · d      each dimension as a uint32
 *   rest       the elements, row-major, exactly the product of the dimensions
 *
 * Files may be gzipped (recognised by the gzip signature 1F 8B).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { FileFormatError, readFileBytes } from '@flopmatch/core';

/** IDX element types by type byte. */
export const IDX_TYPES = {
  8: { name: 'uint8', bytes: 1 },
  9: { name: 'int8', bytes: 1 },
  11: { name: 'int16', bytes: 2 },
  12: { name: 'int32', bytes: 4 },
  13: { name: 'float32', bytes: 4 },
  14: { name: 'float64', bytes: 8 },
} as const;

/** An IDX element type name. */
export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** A parsed IDX array. */
export interface IdxArray {
  type: IdxType;
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const FIX = 're-download or reinstall the data set; the file is not a valid IDX file';

/** Parses IDX bytes (gzipped or not); `path` names the file in errors. */
export function parseIdx(bytes: Uint8Array, path = '(idx bytes)'): IdxArray {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new FileFormatError(path, `corrupt gzip stream (${(error as Error).message})`, FIX);
    }
  }
  if (bytes.length < 4)
    throw new FileFormatError(path, `only ${bytes.length} bytes: shorter than the 4-byte IDX magic`, FIX);
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  const typeInfo = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !typeInfo) {
    throw new FileFormatError(
      path,
      `bad IDX magic 0x${magic} (expected 0x0000TTDD with type TT in 08, 09, 0b, 0c, 0d, 0e)`,
      FIX,
    );
  }
  const ndims = bytes[3]!;
  if (ndims === 0) throw new FileFormatError(path, 'IDX magic declares 0 dimensions', FIX);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new FileFormatError(
      path,
      `truncated header: ${ndims} dimensions need ${headerBytes} bytes, file has ${bytes.length}`,
      FIX,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * typeInfo.bytes;
  if (bytes.length !== expected) {
    const problem =
      bytes.length < expected
        ? `truncated: dimensions [${dims.join(', ')}] need ${expected} bytes of ${typeInfo.name}, file has ${bytes.length}`
        : `${bytes.length - expected} unexpected bytes after the ${count} elements of dimensions [${dims.join(', ')}]`;
    throw new FileFormatError(path, problem, FIX);
  }
  const body = bytes.subarray(headerBytes);
  let data: IdxArray['data'];
  switch (typeInfo.name) {
    case 'uint8':
      data = new Uint8Array(body); // a copy, and a plain Uint8Array even when `bytes` is a Buffer
      break;
    case 'int8':
      data = new Int8Array(new Uint8Array(body).buffer);
      break;
    case 'int16':
      data = Int16Array.from({ length: count }, (_, i) => view.getInt16(headerBytes + 2 * i, false));
      break;
    case 'int32':
      data = Int32Array.from({ length: count }, (_, i) => view.getInt32(headerBytes + 4 * i, false));
      break;
    case 'float32':
      data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(headerBytes + 4 * i, false));
      break;
    case 'float64':
      data = Float64Array.from({ length: count }, (_, i) => view.getFloat64(headerBytes + 8 * i, false));
      break;
  }
  return { type: typeInfo.name, dims, data };
}

/** Reads and parses an IDX file (gzipped or not). */
export function readIdx(path: string): IdxArray {
  return parseIdx(readFileBytes(path, FIX), path);
}

/**
 * Encodes an IDX array (optionally gzipped): what tests use to write fixtures, and how to export your own
 * data in MNIST's format.
 */
export function encodeIdx(array: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const entry = Object.entries(IDX_TYPES).find(([, t]) => t.name === array.type);
  if (!entry) throw new RangeError(`unknown IDX type ${array.type}`);
  const [code, { bytes: size }] = entry;
  const count = array.dims.reduce((a, b) => a * b, 1);
  if (count !== array.data.length)
    throw new RangeError(
      `dims [${array.dims.join(', ')}] hold ${count} values, data has ${array.data.length}`,
    );
  const header = 4 + 4 * array.dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = Number(code);
  out[3] = array.dims.length;
  for (const [i, d] of array.dims.entries()) view.setUint32(4 + 4 * i, d, false);
  for (let i = 0; i < count; i++) {
    const v = array.data[i]!;
    const at = header + i * size;
    if (array.type === 'uint8') view.setUint8(at, v);
    else if (array.type === 'int8') view.setInt8(at, v);
    else if (array.type === 'int16') view.setInt16(at, v, false);
    else if (array.type === 'int32') view.setInt32(at, v, false);
    else if (array.type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return options.gzip ? gzipSync(out) : out;
}
