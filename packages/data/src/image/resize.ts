/**
 * Image resizing with one filter: exact area averaging (a box filter over each output pixel's footprint,
 * the "pixel area relation" of OpenCV's INTER_AREA). Output pixel o along an axis of input length n and
 * output length m covers the input interval [o · n/m, (o + 1) · n/m); its value is the mean of the input
 * over that interval, each input pixel weighted by the length of its overlap. Downsampling is therefore
 * anti-aliased (every input pixel contributes exactly its area), upsampling replicates pixels and blends
 * only where a footprint straddles two of them, and a same-size resize is the identity.
 *
 * The same function resizes real images (the `folder` dataset) and generated images before evaluation,
 * so both pass through one code path.
 */
import { checkImageSize, type FloatImage, type Uint8Image } from './image-types.js';

/** Target size of a resize. */
export interface ResizeTarget {
  width: number;
  height: number;
}

/** Sparse weights of one axis: for each output index, the input indices it reads and their weights (summing to 1). */
export interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array[];
}

/**
 * Area-filter weights resizing an axis of `inSize` pixels to `outSize` pixels.
 *
 * @example
 * areaWeights(3, 2).weights; // [[2/3, 1/3], [1/3, 2/3]]: out0 = (in0 + in1/2) / 1.5
 */
export function areaWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights: Float64Array[] = [];
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(inSize - 1, Math.ceil(hi) - 1);
    const w = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    start[o] = first;
    count[o] = w.length;
    weights.push(w);
  }
  return { start, count, weights };
}

function resizeData(
  src: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  target: ResizeTarget,
): Float64Array {
  const wx = areaWeights(width, target.width);
  const wy = areaWeights(height, target.height);
  // Pass 1: along x → [height, target.width, channels].
  const mid = new Float64Array(height * target.width * channels);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < target.width; o++) {
      const w = wx.weights[o]!;
      const s = wx.start[o]!;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) acc += w[k]! * src[(y * width + s + k) * channels + c]!;
        mid[(y * target.width + o) * channels + c] = acc;
      }
    }
  }
  // Pass 2: along y → [target.height, target.width, channels].
  const out = new Float64Array(target.height * target.width * channels);
  const rowLen = target.width * channels;
  for (let o = 0; o < target.height; o++) {
    const w = wy.weights[o]!;
    const s = wy.start[o]!;
    for (let k = 0; k < w.length; k++) {
      const wk = w[k]!;
      const base = (s + k) * rowLen;
      for (let j = 0; j < rowLen; j++) out[o * rowLen + j]! += wk * mid[base + j]!;
    }
  }
  return out;
}

function checkTarget(target: ResizeTarget): void {
  if (
    !Number.isInteger(target.width) ||
    !Number.isInteger(target.height) ||
    target.width <= 0 ||
    target.height <= 0
  ) {
    throw new RangeError(`resize target must be positive integers, got ${target.width}×${target.height}`);
  }
}

/**
 * Resizes a float image with the area filter (see the file header).
 *
 * @example
 * const small = resizeImage(image, { width: 32, height: 32 });
 */
export function resizeImage(image: FloatImage, target: ResizeTarget): FloatImage {
  checkImageSize(image, 'resizeImage');
  checkTarget(target);
  if (image.width === target.width && image.height === target.height)
    return { ...image, data: image.data.slice() };
  const out = resizeData(image.data, image.width, image.height, image.channels, target);
  return {
    width: target.width,
    height: target.height,
    channels: image.channels,
    data: Float32Array.from(out),
  };
}

/** Resizes a byte image with the area filter, rounding to the nearest byte (halves up). */
export function resizeUint8Image(image: Uint8Image, target: ResizeTarget): Uint8Image {
  checkImageSize(image, 'resizeUint8Image');
  checkTarget(target);
  if (image.width === target.width && image.height === target.height)
    return { ...image, data: image.data.slice() };
  const out = resizeData(image.data, image.width, image.height, image.channels, target);
  const data = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(out[i]!)));
  return { width: target.width, height: target.height, channels: image.channels, data };
}
