/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) holding [N, D] float32 or float64 arrays,
 * little-endian, C order: how feature sets travel between flopmatch and Python tools.
 *
 * Format (numpy.lib.format): 6 magic bytes `\x93NUMPY`, major and minor version bytes, the header length
 * (uint16 LE in 1.0, uint32 LE in 2.0/3.0), then an ASCII (3.0: UTF-8) Python dict literal with keys
 * `descr`, `fortran_order` and `shape`, space-padded and ending in `\n` so the data starts on a multiple
 * of 64 bytes, then the raw array data.
 */
import { readFile } from 'node:fs/promises';
import { FileFormatError, writeFileAtomic } from '@flopmatch/core';
import { PythonLiteralError, parsePythonLiteral } from './python-literal.js';

/** A 2-D array read from or written to a `.npy` file. */
export interface NpyArray {
  dtype: 'float32' | 'float64';
  /** [N, D] */
  shape: [number, number];
  /** Row-major (C order) values. */
  data: Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR = { '<f4': 'float32', '<f8': 'float64' } as const;
const FIX_DTYPE = "save little-endian float32/float64: np.save(path, np.ascontiguousarray(x, dtype='<f4'))";

/**
 * Parses `.npy` bytes. `source` (the file path) appears in every error. Throws `FileFormatError` for a
 * wrong magic string, an unknown version, a malformed header, an unsupported dtype (anything but
 * little-endian float32/float64), Fortran order, a shape other than [N, D], and truncated or overlong data.
 *
 * @example
 * const { shape, data } = parseNpy(await readFile('real.npy'), 'real.npy');
 */
export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  const bad = (problem: string, fix?: string): never => {
    throw new FileFormatError(source, problem, fix);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    bad('not a .npy file (the magic string \\x93NUMPY is missing)', 'write the file with numpy.save');
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (![1, 2, 3].includes(major) || minor !== 0) {
    bad(`unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are supported)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) bad('truncated header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > bytes.length) {
    bad(
      `truncated header: it declares ${headerLength} bytes but the file has ${bytes.length - 8 - lengthBytes}`,
    );
  }
  const headerBytes = bytes.subarray(8 + lengthBytes, dataOffset);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  let header: ReturnType<typeof parsePythonLiteral>;
  try {
    header = parsePythonLiteral(headerText);
  } catch (error) {
    if (error instanceof PythonLiteralError) return bad(`malformed header: ${error.message}`);
    throw error;
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return bad('malformed header: not a dict');
  }
  const { descr, fortran_order: fortranOrder, shape } = header;
  if (typeof descr !== 'string' || !(descr in DESCR)) {
    return bad(
      `unsupported dtype ${JSON.stringify(descr)} (only little-endian float32 '<f4' and float64 '<f8')`,
      FIX_DTYPE,
    );
  }
  if (fortranOrder !== false) {
    bad(
      `fortran_order is ${JSON.stringify(fortranOrder)}; only C order is supported`,
      'save np.ascontiguousarray(x)',
    );
  }
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((v) => typeof v === 'number' && v >= 0)) {
    return bad(
      `shape ${JSON.stringify(shape)} is not [N, D]`,
      'save a 2-D array of N rows by D features (x.reshape(len(x), -1))',
    );
  }
  const [n, d] = shape as [number, number];
  const dtype = DESCR[descr as keyof typeof DESCR];
  const itemSize = dtype === 'float32' ? 4 : 8;
  const expected = n * d * itemSize;
  const found = bytes.length - dataOffset;
  if (found < expected) {
    bad(`truncated data: shape [${n}, ${d}] ${dtype} needs ${expected} bytes, the file has ${found}`);
  }
  if (found > expected) bad(`${found - expected} unexpected bytes after the [${n}, ${d}] ${dtype} data`);
  if (!littleEndianHost()) bad('this host is big-endian; .npy reading supports little-endian hosts only');
  // Copy into a fresh, aligned buffer (a Node Buffer may sit at any offset of a shared pool, and its
  // `slice` does not copy).
  const copy = new Uint8Array(expected);
  copy.set(bytes.subarray(dataOffset, dataOffset + expected));
  const data = dtype === 'float32' ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
  return { dtype, shape: [n, d], data };
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Encodes an [N, D] float32/float64 array as `.npy` bytes (version 1.0, or 2.0 when the header needs more
 * than 65535 bytes), exactly as `numpy.save` lays them out: header padded to a 64-byte boundary.
 *
 * @example
 * await writeFile('fake.npy', encodeNpy({ dtype: 'float32', shape: [n, d], data }));
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const [n, d] = array.shape;
  if (array.data.length !== n * d) {
    throw new FileFormatError(
      '(in memory)',
      `data has ${array.data.length} values but shape [${n}, ${d}] needs ${n * d}`,
    );
  }
  const descr = array.dtype === 'float32' ? '<f4' : '<f8';
  if ((array.dtype === 'float32') !== array.data instanceof Float32Array) {
    throw new FileFormatError(
      '(in memory)',
      `dtype ${array.dtype} does not match a ${array.data.constructor.name}`,
    );
  }
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${n}, ${d}), }`;
  let major = 1;
  let lengthBytes = 2;
  let total = pad(8 + lengthBytes + dict.length + 1);
  if (total - 8 - lengthBytes > 0xffff) {
    major = 2;
    lengthBytes = 4;
    total = pad(8 + lengthBytes + dict.length + 1);
  }
  const headerLength = total - 8 - lengthBytes;
  const header = `${dict}${' '.repeat(headerLength - dict.length - 1)}\n`;
  const out = new Uint8Array(total + array.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[8 + lengthBytes + i] = header.charCodeAt(i);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), total);
  return out;
}

function pad(length: number): number {
  return Math.ceil(length / 64) * 64;
}

/**
 * Reads an [N, D] float `.npy` file. A missing or unreadable file is a `FileFormatError` with its path.
 *
 * @example
 * const real = await readNpy('real.npy'); // { dtype: 'float32', shape: [5000, 64], data }
 */
export async function readNpy(path: string): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FileFormatError(
      path,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path',
    );
  }
  return parseNpy(bytes, path);
}

/** Writes an [N, D] float array as `.npy`, atomically (core's `writeFileAtomic`). */
export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  await writeFileAtomic(path, encodeNpy(array));
}
