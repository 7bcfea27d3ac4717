import { describe, expect, it } from 'vitest';
import { normFlops, normFlopsPerElement, normParams } from './norm.js';

describe('normFlops', () => {
  it('prices layer and group norm at 5 per element, 7 with scale and shift', () => {
    expect(normFlops({ kind: 'layer', elements: 12, affine: false }).forward.model).toBe(60);
    expect(normFlops({ kind: 'group', elements: 12 }).forward.model).toBe(84);
  });

  it('prices RMS norm at 3 per element, 4 with scale', () => {
    expect(normFlopsPerElement('rms', false)).toBe(3);
    expect(normFlops({ kind: 'rms', elements: 10 }).forward).toEqual({ model: 40, executed: 40 });
  });

  it('counts affine parameters', () => {
    expect(normParams('layer', 768)).toBe(1536);
    expect(normParams('rms', 768)).toBe(768);
    expect(normParams('layer', 768, false)).toBe(0);
  });
});
