import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { latentGrid, parseConvAutoencoderConfig } from './conv-autoencoder-config.js';

describe('parseConvAutoencoderConfig', () => {
  it('fills the demo defaults: 32×32×3, f = 4 → an 8×8 grid', () => {
    const c = parseConvAutoencoderConfig();
    expect(c).toMatchObject({
      type: 'autoencoder:conv',
      version: 1,
      downsampleFactor: 4,
      widths: [32, 64, 64],
    });
    expect(latentGrid(c)).toEqual({ height: 8, width: 8 });
    expect(Object.isFrozen(c)).toBe(true);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('names the field and the fix for widths, groups and image size that do not fit', () => {
    const err = (() => {
      try {
        parseConvAutoencoderConfig(
          { downsampleFactor: 8, widths: [16, 30], image: { height: 36 } },
          'my.json',
        );
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('invalid my.json');
    expect(err.issues.map((i) => i.path)).toEqual(['widths', 'widths[1]', 'image.height']);
    expect(err.message).toContain('f = 8 needs log2(f) + 1 = 4 widths, got 2');
    expect(err.message).toContain('width 30 is not divisible by normGroups = 8');
    expect(err.message).toContain('36 is not divisible by downsampleFactor = 8');
    expect(() => parseConvAutoencoderConfig({ downsampleFactor: 3 })).toThrow(/downsampleFactor = 3/);
  });
});
