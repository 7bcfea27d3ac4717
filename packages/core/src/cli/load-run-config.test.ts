import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, NotFoundError } from '../errors.js';
import { loadRunConfig } from './load-run-config.js';
import { deepMerge } from './merge-config.js';

const Schema = z
  .object({
    name: z.string(),
    seed: z.number().int(),
    train: z
      .object({
        lr: z.number().positive(),
        steps: z.number().int().positive(),
        warmup: z.number().default(0),
      })
      .strict(),
    model: z.object({ widths: z.array(z.number().int()), act: z.enum(['gelu', 'silu']) }).strict(),
    resume: z.string().optional(),
  })
  .strict();
const defaults = {
  name: 'run',
  seed: 0,
  train: { lr: 1e-3, steps: 100 },
  model: { widths: [8, 16], act: 'gelu' },
};

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'fm-runcfg-'));
  await writeFile(
    join(cwd, 'run.json'),
    JSON.stringify({ train: { steps: 500 }, model: { widths: [4] }, name: '7' }),
  );
  await writeFile(join(cwd, 'broken.json'), '{"train": ');
  await writeFile(join(cwd, 'typo.json'), JSON.stringify({ train: { stepz: 5 } }));
});

const load = (file?: string, overrides?: Record<string, string>) =>
  loadRunConfig({
    schema: Schema,
    defaults,
    cwd,
    ...(file ? { file } : {}),
    ...(overrides ? { overrides } : {}),
  });

describe('loadRunConfig', () => {
  it('returns validated, frozen defaults', () => {
    const cfg = load();
    expect(cfg).toEqual({ ...defaults, train: { ...defaults.train, warmup: 0 } });
    expect(Object.isFrozen(cfg.train)).toBe(true);
  });

  it('lays the file over the defaults (objects merge, arrays replace), then CLI flags over both', () => {
    const cfg = load('run.json', {
      'train.lr': '3e-4',
      'model.act': 'silu',
      name: '42',
      seed: '5',
      resume: 'runs/a',
    });
    expect(cfg).toEqual({
      name: '42', // a string field keeps the raw text
      seed: 5,
      train: { lr: 3e-4, steps: 500, warmup: 0 },
      model: { widths: [4], act: 'silu' },
      resume: 'runs/a',
    });
    expect(load(undefined, { 'model.widths': '[1,2,3]' }).model.widths).toEqual([1, 2, 3]);
  });

  it('names the field, the value and the flag that set a bad value', () => {
    let err: ConfigError | undefined;
    try {
      load('run.json', { 'train.lr': '-1', 'model.act': 'relu' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.source).toBe(`run config (defaults < ${join(cwd, 'run.json')} < command line)`);
    const lr = err!.issues.find((i) => i.path === 'train.lr')!;
    expect(lr.value).toBe('-1');
    expect(lr.fix).toBe('set by --train.lr=-1');
    expect(err!.message).toMatch(/model\.act = "relu".*use one of "gelu", "silu"; set by --model.act=relu/);
  });

  it('catches a misspelt field in the file or on the command line', () => {
    expect(() => load('typo.json')).toThrow(/remove or correct 'stepz'/);
    expect(() => load(undefined, { 'train.stepz': '5' })).toThrow(/set by --train.stepz=5/);
    // A non-strict schema would drop the typo silently; loadRunConfig still refuses it.
    const loose = z.object({ train: z.object({ steps: z.number() }) });
    expect(() =>
      loadRunConfig({ schema: loose, defaults: { train: { steps: 1 } }, overrides: { 'train.stpes': '2' } }),
    ).toThrow(/--train.stpes names no field of this config.*did you mean --train.steps\?/);
  });

  it('refuses to descend into a value that is not an object', () => {
    expect(() => load(undefined, { 'seed.x': '1' })).toThrow(/'seed' is 0, not an object/);
  });

  it('reports a missing file as not found and a broken file as a config error', () => {
    expect(() => load('nope.json')).toThrow(NotFoundError);
    expect(() => load('nope.json')).toThrow(/nope.json: config file not found/);
    expect(() => load('broken.json')).toThrow(/broken.json:\n.*not valid JSON/);
  });
});

describe('deepMerge', () => {
  it('merges plain objects recursively without mutating its inputs', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 };
    const merged = deepMerge(base, { a: { c: [3] }, e: { f: 1 } });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 1, e: { f: 1 } });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
  });
});
