import { describe, expect, it } from 'vitest';
import { byteToFloat, convertChannels, floatToByte, toFloatImage, toUint8Image } from './image-types.js';

describe('byte ↔ float conversion', () => {
  it('maps the ends and the middle as documented', () => {
    expect([floatToByte(-1), floatToByte(1), floatToByte(0)]).toEqual([0, 255, 128]); // 127.5 rounds up
    expect([byteToFloat(0), byteToFloat(255)]).toEqual([-1, 1]);
    expect([floatToByte(-3), floatToByte(7), floatToByte(Number.NaN)]).toEqual([0, 255, 0]);
    // (x + 1) · 127.5 = 10.4 → 10, 10.6 → 11
    expect(floatToByte(10.4 / 127.5 - 1)).toBe(10);
    expect(floatToByte(10.6 / 127.5 - 1)).toBe(11);
  });

  it('round-trips every byte exactly through float32', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = toUint8Image(toFloatImage({ width: 16, height: 16, channels: 1, data: bytes }));
    expect(Array.from(back.data)).toEqual(Array.from(bytes));
  });
});

describe('convertChannels', () => {
  it('repeats grey into RGB and takes BT.601 luma back', () => {
    const grey = { width: 2, height: 1, channels: 1, data: Uint8Array.from([10, 200]) };
    expect(Array.from(convertChannels(grey, 3).data)).toEqual([10, 10, 10, 200, 200, 200]);
    const rgb = { width: 1, height: 1, channels: 3, data: Uint8Array.from([255, 0, 0]) };
    expect(Array.from(convertChannels(rgb, 1).data)).toEqual([Math.round(0.299 * 255)]);
    const rgba = { width: 1, height: 1, channels: 4, data: Uint8Array.from([1, 2, 3, 4]) };
    expect(Array.from(convertChannels(rgba, 3).data)).toEqual([1, 2, 3]);
  });
});
