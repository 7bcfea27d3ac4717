/**
 * Conversions between TensorFlow.js tensors and core's `HostArray` (what checkpoints and codec files hold):
 * `toHostArray`, `toHostArrays` and `fromHostArrays` live in `@flopmatch/runtime` and are re-exported here;
 * codec files add float16 storage.
 */
import type { HostArray } from '@flopmatch/core';
import { float32ToFloat16 } from '@flopmatch/runtime';

export { fromHostArrays, toHostArray, toHostArrays } from '@flopmatch/runtime';

/** Float32 host arrays rounded to float16 (other dtypes unchanged): half the bytes on disk. */
export function toFloat16HostArrays(arrays: Record<string, HostArray>): Record<string, HostArray> {
  return Object.fromEntries(
    Object.entries(arrays).map(([k, a]) => [
      k,
      a.dtype === 'float32'
        ? { dtype: 'float16', shape: a.shape, data: float32ToFloat16(a.data as Float32Array) }
        : a,
    ]),
  );
}
