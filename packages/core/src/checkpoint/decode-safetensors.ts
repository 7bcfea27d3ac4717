/**
 * safetensors reader that validates everything before handing out data: header length against the file
 * size, UTF-8 and JSON syntax, each entry's dtype/shape/offsets, offsets contiguous from 0 and covering
 * the byte buffer exactly, and byte lengths equal to product(shape) · dtype size. Any violation throws
 * `FileFormatError` naming the file and the problem; nothing is loaded silently.
 */
import type { HostArray } from '../contracts/tensor.js';
import { FileFormatError } from '../errors.js';
import {
  type DtypeInfo,
  dtypeOfFile,
  HOST_IS_LITTLE_ENDIAN,
  SAFETENSORS_DTYPES,
} from './safetensors-dtype.js';

/** Contents of a safetensors file. */
export interface SafetensorsContent {
  /** Tensors by name, in file (data offset) order; each owns a fresh, aligned typed array. */
  tensors: Record<string, HostArray>;
  /** The `__metadata__` string map ({} when absent). */
  metadata: Record<string, string>;
}

/** Largest header accepted, as in the reference implementation (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

const FIX = 'the file is truncated or not a safetensors file; re-save it or restore it from a good copy';

interface Entry {
  name: string;
  info: DtypeInfo;
  shape: number[];
  begin: number;
  end: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses and validates safetensors bytes. `path` names the source in error messages.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(await readFile(p), p);
 */
export function decodeSafetensors(bytes: Uint8Array, path = '(buffer)'): SafetensorsContent {
  const fail = (problem: string, fix: string = FIX) => new FileFormatError(path, problem, fix);
  if (!HOST_IS_LITTLE_ENDIAN)
    throw fail('safetensors reading needs a little-endian host', 'use a little-endian machine');
  if (bytes.length < 8)
    throw fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length field`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES))
    throw fail(`header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(declared);
  if (8 + n > bytes.length) throw fail(`header length ${n} exceeds the file size (${bytes.length} bytes)`);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) throw fail('header is not a JSON object');

  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        throw fail('__metadata__ must map strings to strings');
      }
      metadata = value as Record<string, string>;
      continue;
    }
    const where = `tensor '${name}'`;
    if (!isRecord(value)) throw fail(`${where}: entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = value;
    const info = typeof dtype === 'string' ? dtypeOfFile(dtype) : undefined;
    if (!info) {
      throw fail(
        `${where}: dtype ${JSON.stringify(dtype)} is not supported`,
        `flopmatch reads ${SAFETENSORS_DTYPES.join(', ')}; convert the tensor to one of them`,
      );
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw fail(`${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[1] < offsets[0]
    ) {
      throw fail(
        `${where}: data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 ≤ begin ≤ end`,
      );
    }
    const numel = shape.reduce((a: number, b: number) => a * b, 1);
    const expected = numel * info.bytes;
    const actual = offsets[1] - offsets[0];
    if (!Number.isSafeInteger(expected) || expected !== actual) {
      throw fail(
        `${where}: shape [${shape}] of ${dtype} needs ${expected} bytes but data_offsets span ${actual}`,
      );
    }
    entries.push({ name, info, shape, begin: offsets[0], end: offsets[1] });
  }

  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const bufferLength = bytes.length - 8 - n;
  let cursor = 0;
  for (const e of entries) {
    if (e.begin !== cursor) {
      throw fail(
        e.begin < cursor
          ? `tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap the previous tensor (which ends at ${cursor})`
          : `tensor '${e.name}': data_offsets start at ${e.begin}, leaving a gap after byte ${cursor}`,
      );
    }
    cursor = e.end;
  }
  if (cursor !== bufferLength) {
    throw fail(
      `tensors cover ${cursor} bytes but the file holds ${bufferLength} bytes of data after the header`,
    );
  }

  const base = 8 + n;
  const tensors: Record<string, HostArray> = {};
  for (const e of entries) {
    const copy = new Uint8Array(e.end - e.begin); // a fresh buffer: aligned for the typed array, never shared
    copy.set(bytes.subarray(base + e.begin, base + e.end));
    const data = new e.info.array(copy.buffer, 0, (e.end - e.begin) / e.info.bytes);
    tensors[e.name] = { dtype: e.info.host, shape: [...e.shape], data };
  }
  return { tensors, metadata };
}
