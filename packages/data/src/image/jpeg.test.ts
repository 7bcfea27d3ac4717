import { FileFormatError } from '@flopmatch/core';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeJpeg, jpegComponentCount } from './jpeg.js';
import { decodeImage } from './read-image.js';

describe('JPEG decoding', () => {
  it('decodes a colour JPEG to 3 channels close to the encoded pixels', () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) rgba.set([200, 40, 90, 255], p * 4);
    const bytes = new Uint8Array(jpeg.encode({ width, height, data: rgba }, 100).data);
    expect(jpegComponentCount(bytes)).toBe(3);
    const image = decodeImage(bytes, 'flat.jpg');
    expect([image.width, image.height, image.channels]).toEqual([16, 16, 3]);
    for (let p = 0; p < width * height; p++) {
      expect(Math.abs(image.data[p * 3]! - 200)).toBeLessThanOrEqual(3);
      expect(Math.abs(image.data[p * 3 + 1]! - 40)).toBeLessThanOrEqual(3);
      expect(Math.abs(image.data[p * 3 + 2]! - 90)).toBeLessThanOrEqual(3);
    }
  });

  it('reads the component count from a hand-made frame header, skipping other segments', () => {
    // SOI, APP0 of length 4 (2 payload bytes), SOF0: length 11, precision 8, 2×2, 1 component.
    const header = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 2, 0, 2, 1, 1, 0x11, 0, 0, 0,
    ]);
    expect(jpegComponentCount(header)).toBe(1);
    expect(() => decodeJpeg(header, 'grey.jpg')).toThrow(/grey.jpg: not a readable JPEG/);
    const cmyk = header.slice();
    cmyk[17] = 4;
    expect(() => decodeJpeg(cmyk, 'cmyk.jpg')).toThrow(/cmyk.jpg: JPEG with 4 colour components/);
  });

  it('rejects bytes that are neither PNG nor JPEG', () => {
    expect(() => decodeImage(Uint8Array.from([0x47, 0x49, 0x46, 0x38]), 'a.gif')).toThrow(FileFormatError);
    expect(() => decodeImage(Uint8Array.from([0x47, 0x49, 0x46, 0x38]), 'a.gif')).toThrow(
      /a.gif: neither a PNG nor a JPEG/,
    );
  });
});
