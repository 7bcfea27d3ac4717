import { ConfigError, createRegistry, FlopmatchError, NoSuchComponentError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { EulerSampler } from './flow-euler.js';
import { HeunSampler } from './flow-heun.js';
import { MaskGitSampler } from './maskgit.js';
import { NextTokenSampler } from './next-token.js';
import { SAMPLER_IDS, samplerFromConfig, samplers } from './registry.js';

describe('samplers registry', () => {
  const registry = createRegistry('sampler', samplers);

  it('registers the four built-in samplers by id', () => {
    expect(registry.ids()).toEqual([
      'sampler:euler',
      'sampler:heun',
      'sampler:maskgit',
      'sampler:next-token',
    ]);
    expect(SAMPLER_IDS).toEqual(['sampler:euler', 'sampler:heun', 'sampler:maskgit', 'sampler:next-token']);
    expect(registry.get('sampler:euler')()).toBeInstanceOf(EulerSampler);
    expect(registry.get('heun')({ steps: 10 })).toBeInstanceOf(HeunSampler);
    expect(registry.get('maskgit')({ iterations: 12 }).options).toEqual({
      iterations: 12,
      temperature: 1,
      choiceTemperature: 4.5,
    });
    expect(registry.get('next-token')({ topK: 50 })).toBeInstanceOf(NextTokenSampler);
    expect(() => registry.get('sampler:ddim')).toThrow(NoSuchComponentError);
  });

  it('fills defaults, freezes options and validates them through parseConfig', () => {
    const heun = samplers.heun({ shift: 3 });
    expect(heun.options).toEqual({ steps: 25, shift: 3 });
    expect(Object.isFrozen(heun.options)).toBe(true);
    let error: unknown;
    try {
      samplers.maskgit({ iterations: 'eight', choiceTemperature: -2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => `${i.path}=${i.value}`);
    expect(issues).toEqual(['iterations="eight"', 'choiceTemperature=-2']);
    expect((error as Error).message).toMatch(/invalid sampler:maskgit options/);
  });

  it('round-trips every sampler through its JSON config', () => {
    const built = [
      new EulerSampler({ steps: 12, shift: 2 }),
      new HeunSampler({ steps: 4 }),
      new MaskGitSampler({ iterations: 6, temperature: 0.8 }),
      new NextTokenSampler({ topP: 0.9, useCache: false }),
    ];
    for (const sampler of built) {
      const json = JSON.parse(JSON.stringify(sampler.config));
      expect(json.type).toBe(sampler.id);
      expect(json.version).toBe(1);
      const again = samplerFromConfig(json);
      expect(again.id).toBe(sampler.id);
      expect(again.options).toEqual(sampler.options);
      expect(Object.isFrozen(sampler.config)).toBe(true);
    }
  });

  it('names what is wrong in a config', () => {
    expect(() => samplerFromConfig({ type: 'sampler:ddim', version: 1, options: {} }, 'sweep.json')).toThrow(
      FlopmatchError,
    );
    expect(() => samplerFromConfig({ type: 'sampler:ddim', version: 1 }, 'sweep.json')).toThrow(
      /sweep.json: type 'sampler:ddim'[\s\S]*fix: use one of sampler:euler, sampler:heun, sampler:maskgit, sampler:next-token/,
    );
    expect(() => samplerFromConfig({ type: 'sampler:euler', version: 2 }, 'sweep.json')).toThrow(
      /version = 2/,
    );
    expect(() => samplerFromConfig({ type: 'sampler:euler', version: 1, options: { steps: -1 } })).toThrow(
      /steps = -1/,
    );
  });
});
