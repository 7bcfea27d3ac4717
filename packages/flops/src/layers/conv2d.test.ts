import { describe, expect, it } from 'vitest';
import { FlopsArgumentError } from '../errors.js';
import { conv2dFlops } from './conv2d.js';

/** Independent reference: slide the kernel and count the window positions that fit the padded input. */
function windows(size: number, kernel: number, stride: number, padBefore: number, padAfter: number): number {
  let n = 0;
  for (let start = -padBefore; start + kernel <= size + padAfter; start += stride) n++;
  return n;
}

describe('conv2dFlops', () => {
  it('counts 2·k²·Cin·Cout·Hout·Wout multiply-add FLOPs plus the bias', () => {
    const c = conv2dFlops({ height: 8, width: 8, inChannels: 3, outChannels: 16, kernel: 3, bias: false });
    expect(c.cost.forward.model).toBe(2 * 9 * 3 * 16 * 8 * 8);
    expect(
      conv2dFlops({ height: 8, width: 8, inChannels: 3, outChannels: 16, kernel: 3 }).cost.forward.model,
    ).toBe(2 * 9 * 3 * 16 * 64 + 16 * 64);
    expect(c.params).toBe(9 * 3 * 16);
  });

  it('matches ResNet-50 conv1: 7×7/2, 3 → 64 on 224² is 118.0 M multiply-adds', () => {
    const c = conv2dFlops({
      height: 224,
      width: 224,
      inChannels: 3,
      outChannels: 64,
      kernel: 7,
      stride: 2,
      padding: 3,
      bias: false,
    });
    expect([c.outHeight, c.outWidth]).toEqual([112, 112]);
    expect(c.cost.forward.model / 2).toBe(118_013_952);
  });

  it('sizes outputs like a sliding window for valid and explicit padding', () => {
    for (const [size, kernel, stride, pad] of [
      [9, 3, 2, 0],
      [10, 4, 3, 1],
      [7, 1, 1, 0],
      [32, 3, 2, 1],
    ] as const) {
      const c = conv2dFlops({
        height: size,
        width: size,
        inChannels: 1,
        outChannels: 1,
        kernel,
        stride,
        padding: pad,
      });
      expect(c.outHeight, `${size}/${kernel}/${stride}/${pad}`).toBe(windows(size, kernel, stride, pad, pad));
    }
  });

  it("keeps ⌈H / stride⌉ positions with 'same' padding", () => {
    expect(
      conv2dFlops({ height: 9, width: 8, inChannels: 1, outChannels: 1, kernel: 3, stride: 2 }).outHeight,
    ).toBe(5);
    expect(
      conv2dFlops({ height: 9, width: 8, inChannels: 1, outChannels: 1, kernel: 3, stride: 2 }).outWidth,
    ).toBe(4);
  });

  it('refuses a kernel larger than the unpadded input', () => {
    const call = () =>
      conv2dFlops({ height: 2, width: 8, inChannels: 1, outChannels: 1, kernel: 3, padding: 'valid' });
    expect(call).toThrow(FlopsArgumentError);
    expect(call).toThrow(/conv2d\.height = 2: .*leaves no output/);
  });
});
