import { FileFormatError, readFileBytes } from '@flopmatch/core';
import type { Uint8Image } from './image-types.js';
import { decodeJpeg } from './jpeg.js';
import { decodePng } from './png.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes PNG or JPEG bytes, recognised by their signature (not the file name). */
export function decodeImage(bytes: Uint8Array, path = '(image bytes)'): Uint8Image {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(bytes, path);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return decodeJpeg(bytes, path);
  throw new FileFormatError(
    path,
    'neither a PNG nor a JPEG (unknown signature)',
    'convert the image to PNG or JPEG',
  );
}

/** Reads a PNG or JPEG file with its own channel count. */
export function readImage(path: string): Uint8Image {
  return decodeImage(readFileBytes(path, 'check the path'), path);
}
