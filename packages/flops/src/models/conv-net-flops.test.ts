import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { ALL_COUNT_OPTIONS } from '../count-options.js';
import { codecFlops, convNetFlops } from './conv-net-flops.js';
import type { ConvNetShapeInput } from './conv-net-shape.js';

const encoder: ConvNetShapeInput = {
  type: 'conv-net',
  name: 'tiny encoder',
  input: { height: 8, width: 8, channels: 3 },
  layers: [
    { op: 'conv', channels: 4 }, // 3×3, 3 → 4 on 8×8
    { op: 'resblock', channels: 8 }, // two 3×3 convs and a 1×1 shortcut 4 → 8
    { op: 'downsample' }, // 8×8 → 4×4
    { op: 'attention' },
    { op: 'norm' },
    { op: 'activation' },
    { op: 'conv', channels: 2, kernel: 1 },
  ],
};

describe('convNetFlops', () => {
  const f = convNetFlops(encoder);
  const conv = (k: number, cin: number, cout: number, hw: number) => 2 * k * k * cin * cout * hw + cout * hw;

  it('prices each layer by hand and tracks shapes', () => {
    const costs = f.layers.map((l) => l.cost.forward.model);
    expect(costs[0]).toBe(conv(3, 3, 4, 64));
    expect(costs[1]).toBe(conv(3, 4, 8, 64) + conv(3, 8, 8, 64) + conv(1, 4, 8, 64));
    expect(costs[2]).toBe(4 * 16 * 8); // f² per output
    // q, k, v, out 1×1 convs + scores and values over 16 positions (one head of 8 channels)
    expect(costs[3]).toBe(4 * conv(1, 8, 8, 16) + 2 * (2 * 16 * 16 * 8));
    expect(costs[4]).toBe(0); // norms excluded by default
    expect(costs[5]).toBe(0);
    expect(costs[6]).toBe(conv(1, 8, 2, 16));
    expect(f.output).toEqual({ height: 4, width: 4, channels: 2 });
    expect(f.forward.model).toBe(costs.reduce((a, b) => a + (b ?? 0), 0));
    expect(f.training.model).toBe(3 * f.forward.model);
  });

  it('counts parameters', () => {
    const gn = (c: number) => 2 * c;
    expect(f.params).toBe(
      27 * 4 +
        4 +
        (gn(4) + 36 * 8 + 8 + gn(8) + 72 * 8 + 8 + 4 * 8 + 8) +
        (gn(8) + 4 * (64 + 8)) +
        gn(8) +
        (8 * 2 + 2),
    );
  });

  it('counts norms, activations, softmax and residual adds when asked', () => {
    const all = convNetFlops(encoder, ALL_COUNT_OPTIONS);
    expect(all.layers[4]!.cost.forward.model).toBe(7 * 16 * 8); // group norm with affine
    expect(all.layers[5]!.cost.forward.model).toBe(4 * 16 * 8); // SiLU
    expect(all.layers[3]!.cost.forward.model - f.layers[3]!.cost.forward.model).toBe(7 * 128 + 5 * 256 + 128);
  });

  it('gives a codec its encode and decode cost', () => {
    const decoder: ConvNetShapeInput = {
      type: 'conv-net',
      input: { height: 4, width: 4, channels: 2 },
      layers: [{ op: 'conv', channels: 8 }, { op: 'upsample' }, { op: 'conv', channels: 3 }],
    };
    expect(codecFlops(encoder, decoder)).toEqual({
      encodePerImage: f.forward.model,
      decodePerImage: conv(3, 2, 8, 16) + conv(3, 8, 3, 64),
    });
  });

  it('names a malformed layer field', () => {
    const bad = {
      ...encoder,
      layers: [
        { op: 'conv', channels: 4 },
        { op: 'conv', channels: 4, kernel: 0 },
      ],
    };
    try {
      convNetFlops(bad as ConvNetShapeInput);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues[0]?.path).toBe('layers[1].kernel');
    }
  });

  it('refuses attention heads that do not divide the channels', () => {
    const bad: ConvNetShapeInput = {
      ...encoder,
      layers: [
        { op: 'conv', channels: 6 },
        { op: 'attention', heads: 4 },
      ],
    };
    expect(() => convNetFlops(bad)).toThrow(/layers\[1\]\.heads = 4: heads must divide the 6 channels/);
  });
});
