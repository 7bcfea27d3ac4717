import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { parseConfig } from './parse-config.js';

const Schema = z
  .object({
    steps: z.number().int().positive().default(10),
    solver: z.enum(['euler', 'heun']),
    grid: z.array(z.object({ cfg: z.number().min(1) })).default([]),
  })
  .strict();

describe('parseConfig', () => {
  it('fills defaults and freezes', () => {
    const cfg = parseConfig(Schema, { solver: 'heun' }, 'test');
    expect(cfg).toEqual({ steps: 10, solver: 'heun', grid: [] });
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.grid)).toBe(true);
  });

  it('names every bad field with its value and a fix', () => {
    let err: ConfigError | undefined;
    try {
      parseConfig(Schema, { steps: -2, solver: 'rk4', grid: [{ cfg: 0.5 }], extra: 1 }, 'sweep.json');
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = err!.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['', 'grid[0].cfg', 'solver', 'steps']);
    const solver = err!.issues.find((i) => i.path === 'solver')!;
    expect(solver.value).toBe('"rk4"');
    expect(solver.fix).toBe('use one of "euler", "heun"');
    expect(err!.message).toContain('sweep.json');
    expect(err!.message).toContain("remove or correct 'extra'");
  });

  it('reports a missing field as missing', () => {
    expect(() => parseConfig(Schema, {}, 'x')).toThrow(/solver = \(missing\).*add the field 'solver'/);
  });
});
