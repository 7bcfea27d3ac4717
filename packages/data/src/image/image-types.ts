/**
 * Images as plain data, HWC row-major: pixel (x, y) channel c is at `data[(y * width + x) * channels + c]`.
 * Float images hold values in [-1, 1] (flopmatch's model range); byte images hold 0..255.
 *
 * Conversion (the one rounding rule used everywhere, including for generated images):
 *   byte → float: x = u / 127.5 − 1                      (exact inverse of the line below on 0..255)
 *   float → byte: u = clamp(round((x + 1) · 127.5), 0, 255), rounding halves up (Math.round)
 * so x = 0 maps to 128, and −1/1 map to 0/255.
 */

/** A byte image (PNG/JPEG pixels), 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels. */
export interface Uint8Image {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** A float image in [-1, 1] (what datasets return and models consume). */
export interface FloatImage {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** A float in [-1, 1] → a byte (see the file header for the rounding rule). */
export function floatToByte(x: number): number {
  const u = Math.round((x + 1) * 127.5);
  return u < 0 ? 0 : u > 255 ? 255 : Number.isNaN(u) ? 0 : u;
}

/** A byte 0..255 → a float in [-1, 1]. */
export function byteToFloat(u: number): number {
  return u / 127.5 - 1;
}

/** Converts a float image in [-1, 1] to bytes with `floatToByte`. */
export function toUint8Image(image: FloatImage): Uint8Image {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = floatToByte(image.data[i]!);
  return { width: image.width, height: image.height, channels: image.channels, data };
}

/** Converts a byte image to floats in [-1, 1] with `byteToFloat`. */
export function toFloatImage(image: Uint8Image): FloatImage {
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = byteToFloat(image.data[i]!);
  return { width: image.width, height: image.height, channels: image.channels, data };
}

/** Throws unless `data.length === width · height · channels`. */
export function checkImageSize(
  image: { width: number; height: number; channels: number; data: ArrayLike<number> },
  what = 'image',
): void {
  const { width, height, channels } = image;
  if (![width, height, channels].every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(
      `${what}: width, height and channels must be positive integers (got ${width}×${height}×${channels})`,
    );
  }
  if (image.data.length !== width * height * channels) {
    throw new RangeError(
      `${what}: ${width}×${height}×${channels} needs ${width * height * channels} values, got ${image.data.length}`,
    );
  }
}

/**
 * Changes the channel count: grey → RGB repeats the value, RGB → grey takes the ITU-R BT.601 luma
 * (0.299 R + 0.587 G + 0.114 B), and alpha is dropped (RGBA → RGB, grey + alpha → grey).
 */
export function convertChannels<T extends Uint8Image | FloatImage>(image: T, channels: 1 | 3): T {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const src = image.data;
  const out = (
    src instanceof Uint8Array ? new Uint8Array(n * channels) : new Float32Array(n * channels)
  ) as T['data'];
  const round = src instanceof Uint8Array ? Math.round : (v: number) => v;
  for (let p = 0; p < n; p++) {
    const s = p * image.channels;
    const grey = image.channels <= 2;
    if (channels === 3) {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = src[s + (grey ? 0 : c)]!;
    } else {
      out[p] = grey ? src[s]! : round(0.299 * src[s]! + 0.587 * src[s + 1]! + 0.114 * src[s + 2]!);
    }
  }
  return { ...image, channels, data: out };
}
