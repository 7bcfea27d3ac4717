import { describe, expect, it } from 'vitest';
import type { UnitRecord } from '../store/schema.js';
import { UNIT_OVERHEAD_SECONDS } from './build-plan.js';
import { calibrationFromRate, calibrationFromRecords, KIND_EFFICIENCY } from './calibration.js';

const record = (kind: UnitRecord['kind'], executed: number, wallSeconds: number) =>
  ({ kind, manifest: { flops: { model: executed, executed }, wallSeconds } }) as unknown as UnitRecord;

describe('calibration', () => {
  it('scales a matmul rate by each kind’s stored efficiency', () => {
    const c = calibrationFromRate(1e10, 'probe');
    expect(c.flopsPerSecond.train).toBe(KIND_EFFICIENCY.train * 1e10);
    expect(c.source).toBe('probe');
  });

  it('measures executed FLOP/s per kind from finished units, net of their fixed overhead', () => {
    const base = calibrationFromRate(1e10, 'probe');
    const c = calibrationFromRecords(
      [
        record('train', 6e10, 10 + UNIT_OVERHEAD_SECONDS.train),
        record('train', 2e10, 10 + UNIT_OVERHEAD_SECONDS.train),
        record('report', 0, 1),
      ],
      UNIT_OVERHEAD_SECONDS,
      base,
    );
    expect(c.flopsPerSecond.train).toBeCloseTo(8e10 / 20, 6);
    expect(c.flopsPerSecond.eval).toBe(base.flopsPerSecond.eval);
    expect(c.source).toMatch(/^measured from 3 finished units \(train\); others probe$/);
    expect(calibrationFromRecords([], UNIT_OVERHEAD_SECONDS, base)).toBe(base);
  });
});
