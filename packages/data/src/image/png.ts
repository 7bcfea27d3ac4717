/**
 * PNG encoding and decoding with `pngjs` (pure JavaScript). 16-bit PNGs are scaled to 8 bits; palette
 * images become RGB (RGBA when the palette has transparency).
 */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '@flopmatch/core';
import { PNG } from 'pngjs';
import { checkImageSize, type Uint8Image } from './image-types.js';
import { writeFileAtomic } from './write-file-atomic.js';

const PNG_COLOR_TYPE: Record<number, 0 | 2 | 4 | 6> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** Encodes a byte image (1–4 channels) as PNG bytes (grey, grey + alpha, RGB or RGBA to match). */
export function encodePng(image: Uint8Image): Buffer {
  checkImageSize(image, 'encodePng');
  const colorType = PNG_COLOR_TYPE[image.channels];
  if (colorType === undefined) throw new RangeError(`encodePng: ${image.channels} channels; PNG takes 1–4`);
  const png = new PNG({ width: image.width, height: image.height });
  const n = image.width * image.height;
  const c = image.channels;
  for (let p = 0; p < n; p++) {
    const s = p * c;
    const grey = c <= 2;
    png.data[p * 4] = image.data[s]!;
    png.data[p * 4 + 1] = image.data[grey ? s : s + 1]!;
    png.data[p * 4 + 2] = image.data[grey ? s : s + 2]!;
    png.data[p * 4 + 3] = c === 2 ? image.data[s + 1]! : c === 4 ? image.data[s + 3]! : 255;
  }
  return PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true });
}

/**
 * Decodes PNG bytes into a byte image with the file's own channel count (1 grey, 2 grey + alpha, 3 RGB,
 * 4 RGBA). `path` names the file in errors.
 */
export function decodePng(bytes: Uint8Array, path = '(png bytes)'): Uint8Image {
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new FileFormatError(
      path,
      `not a readable PNG (${(error as Error).message})`,
      're-export the image as PNG or JPEG',
    );
  }
  const channels = (png.color ? 3 : 1) + (png.alpha ? 1 : 0);
  const n = png.width * png.height;
  const data = new Uint8Array(n * channels);
  for (let p = 0; p < n; p++) {
    if (channels <= 2) {
      data[p * channels] = png.data[p * 4]!;
      if (channels === 2) data[p * 2 + 1] = png.data[p * 4 + 3]!;
    } else {
      for (let c = 0; c < channels; c++) data[p * channels + c] = png.data[p * 4 + c]!;
    }
  }
  return { width: png.width, height: png.height, channels, data };
}

/** Reads a PNG file (see `decodePng`). */
export function readPng(path: string): Uint8Image {
  return decodePng(readFileSync(path), path);
}

/** Writes a byte image as a PNG file, atomically (parent folders are created). */
export function writePng(path: string, image: Uint8Image): void {
  writeFileAtomic(path, encodePng(image));
}
