import { createRegistry } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { createFeatureSet } from './feature-set.js';
import { METRIC_FACTORIES } from './metric-factories.js';

describe('METRIC_FACTORIES', () => {
  it('registers under family:name ids whose metrics report the same id', () => {
    const registry = createRegistry('metric', METRIC_FACTORIES);
    expect(registry.ids()).toEqual(['metric:fd', 'metric:kid', 'metric:precision-recall']);
    for (const id of registry.ids()) expect(registry.get(id)({}).id).toBe(id);
    const set = createFeatureSet({
      data: Float64Array.from([0, 1, 2, 3, 4, 5]),
      n: 6,
      dim: 1,
      extractorHash: 'h',
    });
    expect(registry.get('metric:fd')({}).compute(set, set)).toMatchObject({
      name: 'FD-custom',
      value: 0,
      n: 6,
    });
    expect(() => registry.get('metric:fid')).toThrow(/no component 'metric:fid'[\s\S]*metric:fd/);
  });
});
