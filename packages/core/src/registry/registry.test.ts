import { describe, expect, it } from 'vitest';
import { NoSuchComponentError } from '../errors.js';
import { createRegistry } from './registry.js';

describe('createRegistry', () => {
  const reg = createRegistry('sampler', { euler: 1, 'sampler:heun': 2 });

  it('resolves qualified and bare ids', () => {
    expect(reg.get('sampler:euler')).toBe(1);
    expect(reg.get('heun')).toBe(2);
    expect(reg.ids()).toEqual(['sampler:euler', 'sampler:heun']);
  });

  it('throws a typed error listing what exists', () => {
    let err: unknown;
    try {
      reg.get('sampler:ddim');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NoSuchComponentError);
    expect((err as NoSuchComponentError).available).toEqual(['sampler:euler', 'sampler:heun']);
    expect((err as Error).message).toMatch(/sampler:ddim.*\n.*sampler:euler, sampler:heun/);
  });

  it('refuses duplicates and foreign families', () => {
    expect(() => reg.with({ euler: 3 })).toThrow(/duplicate/);
    expect(() => createRegistry('sampler', { 'codec:vq': 1 })).toThrow(/family/);
    expect(reg.with({ ddim: 4 }).get('ddim')).toBe(4);
    expect(reg.has('ddim')).toBe(false);
  });
});
