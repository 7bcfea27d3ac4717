/**
 * IEEE 754 half precision (binary16) conversion for codec weights: 1 sign bit, 5 exponent bits (bias 15),
 * 10 mantissa bits. Storing demo codecs in float16 halves their size; values are rounded to the nearest
 * representable half (ties away from zero), subnormals kept, overflow to ±Infinity.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bit pattern nearest to `value`. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp32 = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp32 === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity or NaN
  let exp = exp32 - 127 + 15;
  if (exp >= 31) return sign | 0x7c00; // overflow → Infinity
  if (exp <= 0) {
    if (exp < -10) return sign; // underflow → ±0
    mant = (mant | 0x800000) >>> (1 - exp); // subnormal: shift the implicit 1 in
    return sign | ((mant + 0x1000) >>> 13);
  }
  mant += 0x1000; // round the 13 dropped bits to nearest
  if (mant & 0x800000) {
    mant = 0;
    exp += 1;
    if (exp >= 31) return sign | 0x7c00;
  }
  return sign | (exp << 10) | (mant >>> 13);
}

/** The number a binary16 bit pattern stands for. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // subnormal
  if (exp === 31) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Float32 values → binary16 bit patterns. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

/** Binary16 bit patterns → float32 values. */
export function float16ToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]!);
  return out;
}
