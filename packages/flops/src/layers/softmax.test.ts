import { describe, expect, it } from 'vitest';
import { softmaxFlops } from './softmax.js';

describe('softmaxFlops', () => {
  it('prices 5 FLOPs per score, masked scores only in executed', () => {
    const c = softmaxFlops({ scores: { model: 6, executed: 9 } });
    expect(c.forward).toEqual({ model: 30, executed: 45 });
    expect(c.backward).toEqual({ model: 60, executed: 90 });
  });

  it('rejects a negative count', () => {
    expect(() => softmaxFlops({ scores: { model: -1, executed: 9 } })).toThrow(/softmax\.scores\.model/);
  });
});
