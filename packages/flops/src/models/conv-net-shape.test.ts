import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { parseConvNetShape } from './conv-net-shape.js';

describe('parseConvNetShape', () => {
  it('fills layer defaults', () => {
    const s = parseConvNetShape({
      type: 'conv-net',
      input: { height: 8, width: 8, channels: 3 },
      layers: [{ op: 'conv', channels: 4 }, { op: 'resblock', channels: 4 }, { op: 'upsample' }],
    });
    expect(s.version).toBe(1);
    expect(s.layers[0]).toEqual({
      op: 'conv',
      channels: 4,
      kernel: 3,
      stride: 1,
      padding: 'same',
      bias: true,
    });
    expect(s.layers[1]).toEqual({ op: 'resblock', channels: 4, norm: 'group', activation: 'silu' });
    expect(s.layers[2]).toEqual({ op: 'upsample', factor: 2, mode: 'nearest' });
  });

  it('names an unknown op and an empty layer list', () => {
    const parse = (layers: unknown[]) => () =>
      parseConvNetShape(
        { type: 'conv-net', input: { height: 8, width: 8, channels: 3 }, layers },
        'enc.json',
      );
    expect(parse([{ op: 'pool' }])).toThrow(ConfigError);
    expect(parse([{ op: 'pool' }])).toThrow(/enc\.json[\s\S]*layers\[0\]\.op = "pool"/);
    expect(parse([])).toThrow(/layers = \[\]/);
  });
});
