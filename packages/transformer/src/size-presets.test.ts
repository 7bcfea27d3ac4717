import { parseTransformerShape } from '@flopmatch/flops';
import { describe, expect, it } from 'vitest';
import { backboneParams } from './ledger-shape.js';
import {
  DEFAULT_PRESET_SETUP,
  presetConfig,
  presetShapes,
  SIZE_PRESETS,
  type SizePresetId,
  TRANSFORMER_PRESETS,
} from './size-presets.js';
import { parseTransformerConfig } from './transformer.js';

const ids = Object.keys(SIZE_PRESETS) as SizePresetId[];

describe('size presets', () => {
  it('span ~0.1 M to ~25 M non-embedding backbone parameters, depth and width growing together', () => {
    const counts = ids.map((id) => {
      const c = parseTransformerConfig(presetConfig(id, undefined, { rope: '2d', positions: 'sincos-2d' }));
      return backboneParams(c); // sin-cos: no position parameters
    });
    expect(counts[0]).toBeGreaterThan(0.08e6);
    expect(counts[0]).toBeLessThan(0.12e6);
    expect(counts[4]).toBeGreaterThan(22e6);
    expect(counts[4]).toBeLessThan(27e6);
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [SIZE_PRESETS[ids[i - 1]!], SIZE_PRESETS[ids[i]!]];
      expect(b.layers).toBeGreaterThan(a.layers);
      expect(b.width).toBeGreaterThan(a.width);
      expect(counts[i]! / counts[i - 1]!).toBeGreaterThan(3);
      expect(counts[i]! / counts[i - 1]!).toBeLessThan(5);
    }
  });

  it('are valid ledger descriptions at the default setup, named by id', () => {
    for (const id of ids) {
      const shape = parseTransformerShape(TRANSFORMER_PRESETS[id]);
      expect(shape).toMatchObject({
        name: id,
        ...SIZE_PRESETS[id],
        tokenLength: 64,
        prefixLength: 16,
        mask: 'causal',
      });
    }
    const flow = presetShapes({ ...DEFAULT_PRESET_SETUP, mask: 'bidirectional' }, { positions: 'sincos-2d' });
    expect(flow['fm-l']).toMatchObject({ mask: 'bidirectional', positions: 'fixed' });
  });
});
