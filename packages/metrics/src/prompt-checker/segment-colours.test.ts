import { describe, expect, it } from 'vitest';
import { rgbBytes, segmentColours } from './segment-colours.js';

const image = (pixels: number[][]) => ({
  width: pixels.length,
  height: 1,
  channels: 3,
  data: Uint8Array.from(pixels.flat()),
});
const ALL = ['red', 'green', 'blue', 'yellow', 'magenta', 'cyan', 'orange', 'white'] as const;

describe('segmentColours', () => {
  it('labels pixels by the chroma of a palette colour at any coverage (hand cases)', () => {
    const seg = segmentColours(
      image([
        [255, 0, 0], // red, full
        [128, 0, 0], // red at half coverage
        [128, 64, 0], // orange (255, 128, 0) at half coverage — not red, not yellow
        [64, 64, 0], // yellow at quarter coverage
        [200, 200, 200], // white at 0.78
        [3, 0, 3], // too dim: background
        [0, 0, 0], // background
      ]),
      ALL,
      8 / 255,
    );
    expect(Array.from(seg.label, (l) => (l < 0 ? null : ALL[l]))).toEqual([
      'red',
      'red',
      'orange',
      'yellow',
      'white',
      null,
      null,
    ]);
    expect(seg.coverage[1]).toBeCloseTo(128 / 255, 6);
  });

  it('restricts labels to the given colours', () => {
    const seg = segmentColours(image([[255, 128, 0]]), ['red', 'yellow'], 0);
    expect(seg.colours[seg.label[0]!]).toMatch(/red|yellow/);
  });

  it('maps float images in [-1, 1] to bytes with the flopmatch rounding rule', () => {
    const bytes = rgbBytes({ width: 1, height: 1, channels: 3, data: Float32Array.from([-1, 0, 1]) });
    expect(Array.from(bytes)).toEqual([0, 128, 255]);
  });
});
