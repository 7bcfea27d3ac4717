import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { TINY_TRANSFORMER } from '../testing/tiny-transformers.js';
import {
  headDim,
  mlpHiddenWidth,
  parseTransformerShape,
  prefixPositions,
  sequencePositions,
} from './transformer-shape.js';

const tiny = TINY_TRANSFORMER;

function issues(value: unknown): ConfigError {
  try {
    parseTransformerShape(value, 'model.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseTransformerShape', () => {
  it('fills defaults and freezes the result', () => {
    const s = parseTransformerShape(tiny);
    expect(s).toMatchObject({
      version: 1,
      mlpRatio: 4,
      mask: 'bidirectional',
      positions: 'learned',
      bias: true,
      prefixLength: 0,
    });
    expect(s.conditioning).toEqual({ mode: 'none' });
    expect(Object.isFrozen(s)).toBe(true);
    expect(headDim(s)).toBe(2);
    expect(mlpHiddenWidth(s)).toBe(16);
    expect(mlpHiddenWidth(parseTransformerShape({ ...tiny, mlpWidth: 11 }))).toBe(11);
  });

  it('counts the timestep token as a prefix position', () => {
    const s = parseTransformerShape({ ...tiny, prefixLength: 2, conditioning: { mode: 'timestep-token' } });
    expect(prefixPositions(s)).toBe(3);
    expect(sequencePositions(s)).toBe(6);
    expect(s.conditioning).toEqual({ mode: 'timestep-token', frequencyDim: 256 });
  });

  it('names a malformed field, its value and the file', () => {
    const e = issues({ ...tiny, width: 'wide' });
    expect(e.source).toBe('model.json');
    expect(e.issues.map((i) => i.path)).toEqual(['width']);
    expect(e.message).toMatch(/model\.json[\s\S]*width = "wide"/);
  });

  it('names a nested field and lists the choices of an enum', () => {
    expect(issues({ ...tiny, conditioning: { mode: 'adaln-zero', classes: -1 } }).issues[0]?.path).toBe(
      'conditioning.classes',
    );
    const mask = issues({ ...tiny, mask: 'sliding' });
    expect(mask.issues[0]?.path).toBe('mask');
    expect(mask.message).toMatch(/"prefix-causal"/);
  });

  it('rejects heads that do not divide the width', () => {
    const e = issues({ ...tiny, heads: 3 });
    expect(e.issues[0]?.path).toBe('heads');
    expect(e.message).toMatch(/heads must divide width 4/);
  });

  it('rejects a tied head whose vocabulary differs from the input', () => {
    expect(issues({ ...tiny, output: { features: 7, tied: true } }).issues[0]?.path).toBe('output.tied');
    expect(
      issues({ ...tiny, input: { kind: 'linear', features: 5 }, output: { features: 5, tied: true } })
        .issues[0]?.path,
    ).toBe('output.tied');
  });

  it('rejects an unknown key with a fix', () => {
    const e = issues({ ...tiny, layer: 2 });
    expect(e.message).toMatch(/remove or correct 'layer'/);
  });

  it('rejects a prompt vocabulary without prompt positions', () => {
    expect(issues({ ...tiny, prefixVocab: 100 }).issues[0]?.path).toBe('prefixVocab');
  });
});
