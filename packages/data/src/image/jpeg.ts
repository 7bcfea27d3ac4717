/** JPEG decoding with `jpeg-js` (pure JavaScript), keeping the file's channel count (1 grey or 3 colour). */
import { FileFormatError } from '@flopmatch/core';
import jpeg from 'jpeg-js';
import type { Uint8Image } from './image-types.js';

/**
 * Number of colour components in a JPEG's frame header (SOFn marker): 1 grey, 3 YCbCr/RGB, 4 CMYK;
 * undefined when no frame header is found.
 */
export function jpegComponentCount(bytes: Uint8Array): number | undefined {
  let i = 2; // after SOI (FF D8)
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return bytes[i + 9];
    i += 2 + length;
  }
  return undefined;
}

/** Decodes JPEG bytes into a byte image with 1 (grey) or 3 (colour) channels. */
export function decodeJpeg(bytes: Uint8Array, path = '(jpeg bytes)'): Uint8Image {
  const components = jpegComponentCount(bytes);
  if (components !== 1 && components !== 3) {
    throw new FileFormatError(
      path,
      components === undefined
        ? 'not a readable JPEG (no frame header)'
        : `JPEG with ${components} colour components (CMYK?) is not supported`,
      're-export the image as an RGB or greyscale PNG or JPEG',
    );
  }
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false });
  } catch (error) {
    throw new FileFormatError(
      path,
      `not a readable JPEG (${(error as Error).message})`,
      're-export the image as PNG or JPEG',
    );
  }
  const n = decoded.width * decoded.height;
  const data = new Uint8Array(n * components);
  for (let p = 0; p < n; p++)
    for (let c = 0; c < components; c++) data[p * components + c] = decoded.data[p * 4 + c]!;
  return { width: decoded.width, height: decoded.height, channels: components, data };
}
