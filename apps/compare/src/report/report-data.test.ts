import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../../test/report-fixture.js';
import {
  computeFrontier,
  configCurves,
  groupBy,
  largestCommonBudget,
  primaryEvals,
  resultsOf,
  summarize,
} from './report-data.js';

const { records } = fixtureRecords();
const evals = resultsOf(records, 'eval');

describe('report data selections', () => {
  it('summarizes and groups', () => {
    expect(summarize([3, 1, 2])).toEqual({ mean: 2, min: 1, max: 3, n: 3 });
    expect([...groupBy(['a1', 'b1', 'a2'], (s) => s[0]!).entries()]).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
  });

  it('keeps one evaluation per milestone, the EMA one', () => {
    const primary = primaryEvals(evals);
    expect(primary).toHaveLength(evals.length / 2);
    expect(primary.every((e) => e.weights === 'ema')).toBe(true);
    const rawOnly = primaryEvals(evals.filter((e) => e.weights === 'raw'));
    expect(rawOnly.every((e) => e.weights === 'raw')).toBe(true);
  });

  it('builds one curve per configuration with budgets in order and FD summarised over seeds', () => {
    const curves = configCurves(primaryEvals(evals));
    expect(curves).toHaveLength(3 * 2 * 2);
    const c = curves.find((x) => x.objective === 'masked' && x.size === 'd64-l4' && x.codec === 'vq-k256')!;
    expect(c.cells.map((x) => x.budgetFlops)).toEqual([1e12, 3e12, 1e13, 3e13, 1e14]);
    const seeds = evals.filter(
      (e) =>
        e.weights === 'ema' &&
        e.objective === 'masked' &&
        e.size === 'd64-l4' &&
        e.codec === 'vq-k256' &&
        e.milestone.index === 2,
    );
    expect(c.cells[2]!.fd.mean).toBeCloseTo(seeds.reduce((s, e) => s + e.quality.fd.value, 0) / 3, 12);
  });

  it('frontier takes, at each budget, the configuration with the lowest mean FD (checked by brute force)', () => {
    const frontier = computeFrontier(primaryEvals(evals));
    const curves = configCurves(primaryEvals(evals));
    for (const [o, cells] of frontier)
      for (const cell of cells) {
        const best = Math.min(
          ...curves
            .filter((c) => c.objective === o)
            .map((c) => c.cells.find((x) => x.budgetFlops === cell.budgetFlops)!.fd.mean),
        );
        expect(cell.fd.mean).toBe(best);
      }
    expect(largestCommonBudget(frontier, ['flow', 'masked', 'next-token'])).toBe(1e14);
    expect(
      largestCommonBudget(new Map([['flow', frontier.get('flow')!.slice(0, 2)]]), ['flow', 'masked']),
    ).toBeUndefined();
  });
});
