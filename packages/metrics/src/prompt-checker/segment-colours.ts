/**
 * Pixel classification against the `shapes` palette. Every object is a palette colour c (max channel 255)
 * composited over black with coverage a, so a pixel is a·c: its brightness max(r, g, b)/255 is the coverage
 * and its chroma (the pixel scaled to max channel 255) is c. Pixels are labelled by the nearest palette
 * colour of their chroma (Euclidean in sRGB), which is exact on renders and degrades gracefully on noise.
 */
import { COLOUR_PALETTE, type ColourName } from '@flopmatch/data';

/** An RGB image, HWC row-major: float values in [-1, 1] or bytes 0..255. */
export interface RgbImage {
  width: number;
  height: number;
  /** Must be 3. */
  channels: number;
  data: Float32Array | Uint8Array;
}

/** Per-pixel palette labels and coverage of an image. */
export interface ColourSegmentation {
  width: number;
  height: number;
  /** Index into `colours` of each pixel's nearest palette colour, or −1 when dimmer than the fringe floor. */
  label: Int8Array;
  /** Brightness max(r, g, b)/255 of each pixel: the coverage of its colour on black. */
  coverage: Float32Array;
  /** The palette names the labels index. */
  colours: readonly ColourName[];
}

/** Bytes 0..255 of an RGB image (floats in [-1, 1] are mapped as `round((x + 1)·127.5)`, clamped). */
export function rgbBytes(image: RgbImage): Uint8Array {
  if (image.data instanceof Uint8Array) return image.data;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const u = Math.round((image.data[i]! + 1) * 127.5);
    out[i] = Math.min(255, Math.max(0, u));
  }
  return out;
}

/**
 * Labels every pixel with its nearest palette colour (among `colours`) by chroma, and its coverage.
 * Pixels with coverage below `floor` get label −1 (background).
 */
export function segmentColours(
  image: RgbImage,
  colours: readonly ColourName[],
  floor: number,
): ColourSegmentation {
  const { width, height } = image;
  const bytes = rgbBytes(image);
  const palette = colours.map((c) => COLOUR_PALETTE[c]);
  const label = new Int8Array(width * height);
  const coverage = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const r = bytes[p * 3]!;
    const g = bytes[p * 3 + 1]!;
    const b = bytes[p * 3 + 2]!;
    const max = Math.max(r, g, b);
    coverage[p] = max / 255;
    if (max === 0 || max / 255 < floor) {
      label[p] = -1;
      continue;
    }
    const scale = 255 / max;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let k = 0; k < palette.length; k++) {
      const [pr, pg, pb] = palette[k]!;
      const d = (r * scale - pr) ** 2 + (g * scale - pg) ** 2 + (b * scale - pb) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    label[p] = best;
  }
  return { width, height, label, coverage, colours };
}
