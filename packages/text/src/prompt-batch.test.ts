import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptBatch } from './prompt-batch.js';
import { TextPrefixEmbedding } from './text-prefix-embedding.js';
import { trainBpe } from './train-bpe.js';

const tokenizer = trainBpe(['a red circle', 'two blue squares', 'a red square at the top'], {
  vocabSize: 280,
});

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('promptBatch', () => {
  it('stacks encodeFixed rows, with the null prompt where asked', () => {
    const prompts = ['a red circle', 'two blue squares', 'a red square at the top of a very long caption'];
    const batch = promptBatch(tokenizer, prompts, 8, [false, true, false]);
    expect(batch.ids.shape).toEqual([3, 8]);
    expect(batch.ids.dtype).toBe('int32');
    const rows = batch.ids.arraySync();
    expect(rows[0]).toEqual(tokenizer.encodeFixed(prompts[0] as string, 8).ids);
    expect(rows[1]).toEqual(tokenizer.nullPrompt(8).ids);
    expect(rows[2]).toEqual(tokenizer.encodeFixed(prompts[2] as string, 8).ids);
    expect(batch.isNull).toEqual([false, true, false]);
    expect(batch.truncated).toEqual([false, false, true]);
    expect(batch.lengths).toEqual([
      tokenizer.encode(prompts[0] as string).length + 2,
      3,
      tokenizer.encode(prompts[2] as string).length + 2,
    ]);
    batch.ids.dispose();
  });

  it('feeds the prefix embedding', () => {
    const batch = promptBatch(tokenizer, ['a red circle', 'two blue squares'], 8);
    const prefix = new TextPrefixEmbedding({
      vocabSize: tokenizer.vocabSize,
      length: 8,
      dim: 16,
      rng: new Rng(3),
    });
    const h = prefix.forward(batch.ids);
    expect(h.shape).toEqual([2, 8, 16]);
    expect(batch.isNull).toEqual([false, false]);
    tf.dispose([h, batch.ids]);
    prefix.dispose();
  });

  it('needs one null flag per prompt', () => {
    expect(() => promptBatch(tokenizer, ['a', 'b'], 8, [true])).toThrowError(
      /isNull has 1 entries for 2 prompts/,
    );
  });
});
