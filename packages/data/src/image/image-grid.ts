/**
 * Sample grids: images tiled row-major with a `gutter`-pixel border around and between cells.
 * Geometry: a grid of n images of w × h in `columns` columns has rows = ceil(n / columns) and measures
 *   width  = columns · w + (columns + 1) · gutter
 *   height = rows · h + (rows + 1) · gutter
 * image i sits at x = gutter + (i mod columns) · (w + gutter), y = gutter + floor(i / columns) · (h + gutter).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type FloatImage, toUint8Image, type Uint8Image } from './image-types.js';
import { writePng } from './png.js';
import { tensorToUint8Images } from './tensor-convert.js';

/** Options of `makeImageGrid` / `writeImageGrid`. */
export interface ImageGridOptions {
  /** Images per row. Default ceil(√n) (a square-ish grid). */
  columns?: number;
  /** Pixels around and between images. Default 2. */
  gutter?: number;
  /** Gutter colour as bytes, one value per channel (or one for all). Default 255 (white). */
  gutterValue?: number | readonly number[];
}

/** What a grid accepts: an NHWC tensor in [-1, 1], or a list of float or byte images of one shape. */
export type GridInput = tf.Tensor4D | readonly (FloatImage | Uint8Image)[];

function toByteImages(images: GridInput): Uint8Image[] {
  if (!Array.isArray(images)) return tensorToUint8Images(images as tf.Tensor4D);
  return (images as (FloatImage | Uint8Image)[]).map((img) =>
    img.data instanceof Float32Array ? toUint8Image(img as FloatImage) : (img as Uint8Image),
  );
}

/** Position of image `index` in a grid (top-left pixel). */
export function gridCellOrigin(
  index: number,
  cell: { width: number; height: number },
  columns: number,
  gutter: number,
) {
  return {
    x: gutter + (index % columns) * (cell.width + gutter),
    y: gutter + Math.floor(index / columns) * (cell.height + gutter),
  };
}

/**
 * Tiles images into one byte image (geometry in the file header).
 *
 * @example
 * const grid = makeImageGrid(samples, { columns: 8, gutter: 2 }); // 64 images of 32² → 274 × 274
 */
export function makeImageGrid(images: GridInput, options: ImageGridOptions = {}): Uint8Image {
  const list = toByteImages(images);
  if (list.length === 0) throw new RangeError('makeImageGrid: no images');
  const { width: w, height: h, channels } = list[0]!;
  const columns = options.columns ?? Math.ceil(Math.sqrt(list.length));
  const gutter = options.gutter ?? 2;
  if (!Number.isInteger(columns) || columns < 1)
    throw new RangeError(`makeImageGrid: columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(gutter) || gutter < 0)
    throw new RangeError(`makeImageGrid: gutter must be a non-negative integer, got ${gutter}`);
  const rows = Math.ceil(list.length / columns);
  const width = columns * w + (columns + 1) * gutter;
  const height = rows * h + (rows + 1) * gutter;
  const data = new Uint8Array(width * height * channels);
  const fill = options.gutterValue ?? 255;
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < channels; c++)
      data[p * channels + c] = typeof fill === 'number' ? fill : (fill[c] ?? fill[0] ?? 255);
  }
  list.forEach((img, i) => {
    if (img.width !== w || img.height !== h || img.channels !== channels) {
      throw new RangeError(
        `makeImageGrid: image ${i} is ${img.width}×${img.height}×${img.channels}, expected ${w}×${h}×${channels}`,
      );
    }
    const { x, y } = gridCellOrigin(i, { width: w, height: h }, columns, gutter);
    for (let r = 0; r < h; r++) {
      data.set(img.data.subarray(r * w * channels, (r + 1) * w * channels), ((y + r) * width + x) * channels);
    }
  });
  return { width, height, channels, data };
}

/**
 * Writes a grid of images as one PNG: `writeImageGrid('samples.png', images, { columns: 8, gutter: 2 })`.
 * Returns the grid's pixel size.
 */
export function writeImageGrid(
  path: string,
  images: GridInput,
  options: ImageGridOptions = {},
): { width: number; height: number } {
  const grid = makeImageGrid(images, options);
  writePng(path, grid);
  return { width: grid.width, height: grid.height };
}
