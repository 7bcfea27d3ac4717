/**
 * safetensors writer, byte-identical to Python's `safetensors.save_file` / Rust `serialize`: an 8-byte
 * little-endian u64 header length, a compact JSON header (`__metadata__` first, then tensors in data
 * order) padded with spaces to a multiple of 8 bytes, then the tensors' little-endian bytes back to back,
 * ordered by dtype (widest first) and then by name (UTF-8 byte order).
 */
import type { HostArray } from '../contracts/tensor.js';
import { FlopmatchError } from '../errors.js';
import { type DtypeInfo, dtypeOfHost, HOST_IS_LITTLE_ENDIAN } from './safetensors-dtype.js';

const encoder = new TextEncoder();

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Checks one tensor before writing; returns its dtype facts. */
function checkTensor(name: string, t: HostArray): DtypeInfo {
  const where = `tensor '${name}'`;
  if (name === '' || name === '__metadata__')
    throw new FlopmatchError('E_TENSOR', `${where}: name is reserved or empty`);
  const info = dtypeOfHost(t.dtype);
  if (!info)
    throw new FlopmatchError('E_TENSOR', `${where}: dtype '${t.dtype}' has no safetensors equivalent`);
  if (!(t.data instanceof info.array)) {
    throw new FlopmatchError(
      'E_TENSOR',
      `${where}: dtype ${t.dtype} needs a ${info.array.name}, got a ${t.data?.constructor?.name}`,
    );
  }
  let numel = 1;
  for (const d of t.shape) {
    if (!Number.isSafeInteger(d) || d < 0)
      throw new FlopmatchError('E_TENSOR', `${where}: bad shape [${t.shape}]`);
    numel *= d;
  }
  if (numel !== t.data.length) {
    throw new FlopmatchError(
      'E_TENSOR',
      `${where}: shape [${t.shape}] has ${numel} elements, data has ${t.data.length}`,
    );
  }
  return info;
}

/**
 * Serialises named tensors (and optional string metadata) to safetensors bytes.
 *
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 */
export function encodeSafetensors(
  tensors: Record<string, HostArray>,
  metadata?: Record<string, string>,
): Uint8Array {
  if (!HOST_IS_LITTLE_ENDIAN)
    throw new FlopmatchError('E_TENSOR', 'safetensors writing needs a little-endian host');
  const entries = Object.entries(tensors).map(([name, t]) => ({ name, t, info: checkTensor(name, t) }));
  entries.sort((a, b) => b.info.rank - a.info.rank || compareUtf8(a.name, b.name));

  // Built by hand: JS objects would reorder integer-like keys such as "0", "1".
  const parts: string[] = [];
  if (metadata) {
    const kv = Object.keys(metadata)
      .sort(compareUtf8)
      .map((k) => {
        const v = metadata[k];
        if (typeof v !== 'string')
          throw new FlopmatchError('E_TENSOR', `metadata '${k}' must be a string, got ${typeof v}`);
        return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
      });
    parts.push(`"__metadata__":{${kv.join(',')}}`);
  }
  let offset = 0;
  for (const { name, t, info } of entries) {
    const end = offset + t.data.length * info.bytes;
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${info.file}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = encoder.encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // space padding to 8-byte alignment
  let at = 8 + headerLength;
  for (const { t } of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
