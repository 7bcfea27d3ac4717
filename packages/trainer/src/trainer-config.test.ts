import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { parseTrainerConfig, resolveEmas } from './trainer-config.js';

const minimal = { budgetFlops: 1e12, batchSize: 32, promptLength: 16, optimizer: { lr: 3e-4 } };

describe('parseTrainerConfig', () => {
  it('fills documented defaults and freezes the result', () => {
    const c = parseTrainerConfig(minimal);
    expect(c).toMatchObject({
      type: 'trainer:generator',
      version: 1,
      seed: 0,
      optimizer: { lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maxGradNorm: 1 },
      schedule: {
        kind: 'wsd',
        warmupSteps: 0,
        cooldownFraction: 0.2,
        decayShape: '1-sqrt',
        minLrFraction: 0,
      },
      milestones: [0.125, 0.25, 0.5, 1],
      emas: [0.05, 0.1, 0.2],
      lossWindow: 0.1,
    });
    expect(Object.isFrozen(c.optimizer)).toBe(true);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(parseTrainerConfig({ ...minimal, schedule: { kind: 'cosine' } }).schedule).toEqual({
      kind: 'cosine',
      warmupSteps: 0,
      minLrFraction: 0.1,
    });
  });

  it('resolves EMA ids', () => {
    const c = parseTrainerConfig({
      ...minimal,
      emas: [0.05, { halfLife: 0.1, relativeTo: 'run' }, { id: 'slow', halfLife: 0.3 }],
    });
    expect(resolveEmas(c)).toEqual([
      { id: 'ema-0.05', halfLife: 0.05, relativeTo: 'elapsed' },
      { id: 'ema-run-0.1', halfLife: 0.1, relativeTo: 'run' },
      { id: 'slow', halfLife: 0.3, relativeTo: 'elapsed' },
    ]);
  });

  it('names each bad field, its value and the fix', () => {
    const message = (value: unknown) => {
      try {
        parseTrainerConfig(value, 'run.json: trainer');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message({ ...minimal, optimizer: {} })).toMatch(
      /optimizer\.lr = \(missing\): .*\(fix: add the field 'optimizer\.lr'\)/,
    );
    expect(message({ ...minimal, milestones: [0.5, 0.25] })).toMatch(
      /milestones\[1\] = 0\.25: must be larger than milestones\[0\]/,
    );
    expect(message({ ...minimal, milestones: [0, 1] })).toMatch(/milestones\[0\] = 0:/);
    expect(message({ ...minimal, schedule: { kind: 'step' } })).toMatch(/schedule\.kind = "step"/);
    expect(message({ ...minimal, emas: [{ id: 'model', halfLife: 0.1 }] })).toMatch(/emas\[0\]/);
    expect(message({ ...minimal, emas: [0.1, { id: 'ema-0.1', halfLife: 0.2 }] })).toMatch(
      /emas\[1\] = .*a second EMA named 'ema-0\.1' \(fix: give each EMA its own id or half-life\)/,
    );
    expect(message({ ...minimal, batchsize: 3 })).toMatch(/remove or correct 'batchsize'/);
  });
});
