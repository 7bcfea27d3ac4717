/**
 * The safetensors dtype names (https://github.com/huggingface/safetensors, format spec in its README) and
 * how each maps to a `HostArray` dtype and typed array. Half-precision types (F16, BF16) are carried as
 * their raw 16-bit patterns in a `Uint16Array`; BOOL as one byte per element in a `Uint8Array`.
 */
import type { HostArray } from '../contracts/tensor.js';

/** A safetensors dtype string this package reads and writes. */
export type SafetensorsDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64';

type TypedArrayClass =
  | typeof Float32Array
  | typeof Float64Array
  | typeof Int32Array
  | typeof Uint8Array
  | typeof BigInt64Array
  | typeof Uint16Array
  | typeof Int16Array
  | typeof Int8Array
  | typeof Uint32Array;

/** One dtype's facts. `rank` is its place in the reference writer's dtype order (higher = written first). */
export interface DtypeInfo {
  host: HostArray['dtype'];
  file: SafetensorsDtype;
  bytes: number;
  array: TypedArrayClass;
  rank: number;
}

// Rank follows the safetensors Rust `Dtype` enum order (increasing alignment); the writer sorts by it
// descending, then by name, which is what makes our files byte-identical to Python's.
const TABLE: DtypeInfo[] = [
  { host: 'bool', file: 'BOOL', bytes: 1, array: Uint8Array, rank: 0 },
  { host: 'uint8', file: 'U8', bytes: 1, array: Uint8Array, rank: 1 },
  { host: 'int8', file: 'I8', bytes: 1, array: Int8Array, rank: 2 },
  { host: 'int16', file: 'I16', bytes: 2, array: Int16Array, rank: 5 },
  { host: 'uint16', file: 'U16', bytes: 2, array: Uint16Array, rank: 6 },
  { host: 'float16', file: 'F16', bytes: 2, array: Uint16Array, rank: 7 },
  { host: 'bfloat16', file: 'BF16', bytes: 2, array: Uint16Array, rank: 8 },
  { host: 'int32', file: 'I32', bytes: 4, array: Int32Array, rank: 9 },
  { host: 'uint32', file: 'U32', bytes: 4, array: Uint32Array, rank: 10 },
  { host: 'float32', file: 'F32', bytes: 4, array: Float32Array, rank: 11 },
  { host: 'float64', file: 'F64', bytes: 8, array: Float64Array, rank: 12 },
  { host: 'int64', file: 'I64', bytes: 8, array: BigInt64Array, rank: 13 },
];

const BY_HOST = new Map(TABLE.map((d) => [d.host, d]));
const BY_FILE = new Map<string, DtypeInfo>(TABLE.map((d) => [d.file, d]));

/** Facts for a `HostArray` dtype, or undefined if it has no safetensors equivalent. */
export function dtypeOfHost(dtype: string): DtypeInfo | undefined {
  return BY_HOST.get(dtype as HostArray['dtype']);
}

/** Facts for a safetensors dtype string, or undefined if flopmatch does not read it. */
export function dtypeOfFile(dtype: string): DtypeInfo | undefined {
  return BY_FILE.get(dtype);
}

/** The safetensors dtype strings flopmatch reads and writes. */
export const SAFETENSORS_DTYPES: readonly SafetensorsDtype[] = TABLE.map((d) => d.file);

/** safetensors data is little-endian; typed arrays use the host order, so a big-endian host is refused. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
