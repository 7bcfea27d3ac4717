import { describe, expect, it } from 'vitest';
import type { UnitSpec } from '../plan/unit-spec.js';
import { bar, ProgressView } from './progress-view.js';

const unit = (id: string, executed: number): UnitSpec => ({
  id,
  kind: 'train',
  dependsOn: [],
  config: {},
  flops: { model: executed, executed },
  overheadSeconds: 0,
  summary: id,
});

describe('ProgressView', () => {
  it('estimates the time left from the FLOPs left at the FLOP/s measured this session', () => {
    let now = 0;
    const lines: string[] = [];
    const a = unit('a', 100);
    const b = unit('b', 300);
    const view = new ProgressView({
      units: [a, b, unit('done', 1000)],
      done: new Set(['done']),
      write: (t) => lines.push(t),
      tty: false,
      quiet: false,
      logEverySeconds: 0,
      now: () => now,
    });
    view.update({ type: 'start', unit: a });
    now = 1000;
    view.update({ type: 'progress', unit: a, progress: { fraction: 0.5 } });
    // 50 of 400 executed FLOPs in 1 s: 50 FLOP/s, 350 left → 7 s.
    expect(view.status()).toEqual({ fraction: 50 / 400, flopsPerSecond: 50, etaSeconds: 7 });
    now = 2000;
    view.update({ type: 'end', unit: a, outcome: 'done' });
    expect(view.status()).toEqual({ fraction: 0.25, flopsPerSecond: 50, etaSeconds: 6 });
    expect(lines).toContain('start a: a\n');
    expect(lines).toContain('done    a\n');
    expect(lines.some((l) => l.includes('ETA 6s'))).toBe(true);
  });

  it('prints nothing when quiet, and draws bars of the fraction done', () => {
    const lines: string[] = [];
    const view = new ProgressView({
      units: [unit('a', 1)],
      done: new Set(),
      write: (t) => lines.push(t),
      tty: true,
      quiet: true,
    });
    view.update({ type: 'start', unit: unit('a', 1) });
    expect(lines).toEqual([]);
    expect(bar(0.5, 8)).toBe('[####....]');
    expect(bar(2, 4)).toBe('[####]');
  });
});
