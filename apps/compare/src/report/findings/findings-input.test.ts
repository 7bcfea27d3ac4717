import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../../../test/report-fixture.js';
import { resultsOf } from '../report-data.js';
import {
  chooseInferenceRuns,
  codecBoundInput,
  emaInput,
  inferenceCostInput,
  promptFollowingInput,
  promptOutcomes,
} from './findings-input.js';

const { records } = fixtureRecords();
const evals = resultsOf(records, 'eval');

describe('claim inputs from results records', () => {
  it('recovers per-prompt outcomes from an accuracy and its N', () => {
    expect(promptOutcomes(0.25, 8)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(promptOutcomes(0.61, 500).reduce((a, b) => a + b, 0)).toBe(305);
  });

  it('claim 1 reads every seed of the frontier configuration at the largest common budget, over the ceiling', () => {
    const input = promptFollowingInput(records);
    expect(input.normalised).toBe(true);
    expect(input.context).toMatch(/^budget 1\.0e14 FLOPs/);
    const nt = input.scores['next-token']!;
    expect(nt).toHaveLength(3);
    const e = evals.find(
      (x) =>
        x.objective === 'next-token' &&
        x.seed === 0 &&
        x.weights === 'ema' &&
        x.milestone.budgetFlops === 1e14 &&
        input.context.includes(`next-token ${x.size}/${x.codec}`),
    )!;
    const pa = e.quality.promptAccuracy!;
    expect(nt[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(
      Math.round(pa.value * pa.n) / e.promptCeiling!.value,
      9,
    );
  });

  it('claim 2 prefers EMA sweeps of the (size, codec) with the lowest best FD', () => {
    const runs = chooseInferenceRuns(records, 'flow');
    expect(runs).toHaveLength(3);
    const groups = new Map<string, number[]>();
    for (const r of resultsOf(records, 'inference').filter((x) => x.objective === 'flow'))
      groups.set(`${r.size} ${r.codec}`, [
        ...(groups.get(`${r.size} ${r.codec}`) ?? []),
        Math.min(...r.points.map((p) => p.quality.fd.value)),
      ]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const best = [...groups.entries()].sort((a, b) => mean(a[1]) - mean(b[1]))[0]![0];
    expect(`${runs[0]!.size} ${runs[0]!.codec}`).toBe(best);
    expect(inferenceCostInput(records).runs['next-token']![0]!.points).toHaveLength(3);
  });

  it('claim 4 pairs raw and EMA FD of every trained model at its last milestone', () => {
    const pairs = emaInput(records).pairs;
    expect(pairs.flow).toHaveLength(12); // 2 sizes × 2 codecs × 3 seeds
    const e = (w: 'raw' | 'ema') =>
      evals.find(
        (x) => x.train === 'train.flow.d64-l4.vae-c4.s1' && x.milestone.index === 4 && x.weights === w,
      )!.quality.fd.value;
    expect(pairs.flow).toContainEqual({ raw: e('raw'), ema: e('ema') });
  });

  it('claim 5 compares codecs of an objective at one common budget and size', () => {
    const input = codecBoundInput(records);
    const masked = input.codecs.masked!;
    expect(masked.map((c) => c.codec).sort()).toEqual(['vq-k1024', 'vq-k256']);
    expect(masked.find((c) => c.codec === 'vq-k256')!.reconstructionFd).toBe(9.5);
    // The real-vs-real FD at the reconstruction FD's N comes along: the floor codec gaps are measured above.
    const baselines = resultsOf(records, 'eval-nets').flatMap((e) => e.realBaseline);
    const codecN = resultsOf(records, 'codec').find((c) => c.name === 'vq-k256')!.reconstruction.fd!.n;
    expect(masked.find((c) => c.codec === 'vq-k256')!.realFd).toBe(
      baselines.find((b) => b.n === codecN)?.fd.value,
    );
    const size = input.context.match(/masked: (\S+) at 1\.0e14/)![1]!;
    const expected = evals
      .filter(
        (x) =>
          x.objective === 'masked' &&
          x.codec === 'vq-k256' &&
          x.size === size &&
          x.weights === 'ema' &&
          x.milestone.index === 4,
      )
      .map((x) => x.quality.fd.value);
    expect(masked.find((c) => c.codec === 'vq-k256')!.generatorFd).toEqual(expected);
  });
});
