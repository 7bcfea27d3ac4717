import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { TEST_SWEEP, testRegistries } from '../testing/test-registries.js';
import { loadSweep } from './load-sweep.js';

async function sweepFile(content: unknown): Promise<{ cwd: string; file: string }> {
  const cwd = await mkdtemp(join(tmpdir(), 'fm-sweep-'));
  await writeFile(join(cwd, 'sweep.json'), JSON.stringify(content));
  return { cwd, file: 'sweep.json' };
}

async function problems(content: unknown, overrides?: Record<string, string>): Promise<ConfigError> {
  const where = await sweepFile(content);
  const error = await loadSweep({
    ...where,
    ...(overrides ? { overrides } : {}),
    registries: testRegistries(),
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

// biome-ignore lint/suspicious/noExplicitAny: tests break the sweep field by field
const clone = () => structuredClone(TEST_SWEEP) as unknown as Record<string, any>;

describe('loadSweep', () => {
  it('lays the flags over the file, filling defaults', async () => {
    const where = await sweepFile(TEST_SWEEP);
    const { sweep, source } = await loadSweep({
      ...where,
      overrides: { 'training.batchSize': '8' },
      registries: testRegistries(),
    });
    expect(source).toBe('sweep.json < command line');
    expect(sweep.training.batchSize).toBe(8);
    expect(sweep.training.ema).toEqual({ enabled: true, halfLife: 0.1 });
    expect(sweep.sampling.masked?.cfgScale).toBe(1);
    expect(sweep.evaluation.networks).toEqual({ id: 'evalnet:default', preset: 'default', options: {} });
    expect(Object.isFrozen(sweep.training)).toBe(true);
  });

  it('names each invalid field of the schema, with its value', async () => {
    const bad = clone();
    bad.training.budgets.max = 1e6; // below min
    bad.training.seeds = [];
    bad.evaluation.n = 1;
    const error = await problems(bad);
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['training.budgets.max', 'training.seeds', 'evaluation.n']));
    expect(error.message).toMatch(/training\.budgets\.max = 1000000: budgets\.max must be ≥ budgets\.min/);
  });

  it('names a misspelt flag and suggests the field', async () => {
    const error = await problems(TEST_SWEEP, { 'training.batchsize': '8' });
    expect(error.message).toMatch(/training/);
    expect(error.message).toMatch(/batchsize/);
  });

  it('names unknown component ids and lists what is registered', async () => {
    const bad = clone();
    bad.sampling.flow.default.sampler = 'sampler:ddim';
    bad.autoencoders.codecs[0].preset = 'huge';
    const error = await problems(bad);
    const sampler = error.issues.find((i) => i.path === 'sampling.flow.default.sampler');
    expect(sampler?.fix).toMatch(/sampler:euler, sampler:heun, sampler:maskgit, sampler:next-token/);
    expect(error.issues.find((i) => i.path === 'autoencoders.codecs[0].preset')?.fix).toBe(
      'use one of tiny, tiny-large',
    );
  });

  it('refuses pairings the objectives cannot train or sample', async () => {
    const bad = clone();
    bad.objectives[0].codecs = ['vq']; // flow on a discrete codec
    bad.sampling.masked.default = { sampler: 'sampler:euler', options: {} }; // a flow sampler for MaskGIT
    bad.sampling['next-token'].default.options = { temperature: -1 };
    const error = await problems(bad);
    expect(error.issues.find((i) => i.path === 'objectives[0].codecs[0]')?.message).toBe(
      "'flow' trains on continuous latents but 'vq' is discrete",
    );
    expect(error.issues.find((i) => i.path === 'sampling.masked.default.sampler')?.message).toMatch(
      /drives 'flow' models but 'masked' trains a 'masked' model/,
    );
    expect(error.issues.find((i) => i.path === 'sampling.next-token.default.options')?.message).toMatch(
      /temperature/,
    );
  });

  it('asks for enough codec capacities per latent kind', async () => {
    const bad = clone();
    bad.autoencoders.minCapacitiesPerKind = 2;
    const error = await problems(bad);
    expect(error.issues.map((i) => i.path)).toEqual(['autoencoders.codecs', 'autoencoders.codecs']);
    expect(error.message).toMatch(/at least 2 distinct (discrete|continuous) capacities/);
    const fixed = clone();
    fixed.autoencoders.minCapacitiesPerKind = 2;
    fixed.autoencoders.codecs.push(
      { name: 'vq-l', id: 'codec:vq', preset: 'tiny-large' },
      { name: 'vae-l', id: 'codec:vae', preset: 'tiny-large' },
    );
    const where = await sweepFile(fixed);
    await expect(loadSweep({ ...where, registries: testRegistries() })).resolves.toBeDefined();
  });

  it('lays a file over a preset named with it: objects merge, arrays replace', async () => {
    const codecs = TEST_SWEEP.autoencoders.codecs;
    const where = await sweepFile({
      autoencoders: { codecs },
      training: { seeds: [4] },
      evaluation: { n: 16 },
    });
    const { sweep, source } = await loadSweep({ ...where, preset: 'demo', registries: testRegistries() });
    expect(source).toBe('preset demo < sweep.json');
    expect(sweep.training.seeds).toEqual([4]);
    expect(sweep.training.batchSize).toBe(32); // the preset's
    expect(sweep.evaluation.n).toBe(16);
    expect(sweep.evaluation.inferenceN).toBe(128); // the preset's
    expect(sweep.autoencoders.codecs.map((c) => c.preset)).toEqual(['tiny', 'tiny']);
  });

  it('refuses an unknown preset', async () => {
    await expect(loadSweep({ preset: 'huge', cwd: tmpdir(), registries: testRegistries() })).rejects.toThrow(
      /preset = "huge": no such preset.*use one of demo, small, paper/s,
    );
  });
});
