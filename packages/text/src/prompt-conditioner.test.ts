import { ConfigError, Rng } from '@flopmatch/core';
import { ShapeError } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkPromptVocab, PromptConditioner } from './prompt-conditioner.js';
import { PROMPT_FIELDS } from './prompt-fields.js';
import { TextPrefixEmbedding } from './text-prefix-embedding.js';
import { trainBpe } from './train-bpe.js';

const tokenizer = trainBpe(['a red circle', 'two blue squares', 'a red square at the top'], {
  vocabSize: 280,
});
const FIELDS = { promptLength: 6, promptVocab: 280 };

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('PromptConditioner', () => {
  it('is a TextPrefixEmbedding: the same parameter names and initial values for the same rng', () => {
    const prompt = new PromptConditioner(FIELDS, { tokenizer, dim: 4, rng: new Rng('p') });
    const plain = new TextPrefixEmbedding({ vocabSize: 280, length: 6, dim: 4, rng: new Rng('p') });
    const a = prompt.namedVariables();
    const b = plain.namedVariables();
    expect([...a.keys()]).toEqual(['position', 'token.weight']);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, v] of a) expect(v.dataSync()).toEqual(b.get(name)!.dataSync());
    expect(prompt.noDecayNames()).toEqual(plain.noDecayNames());
    prompt.dispose();
    plain.dispose();
  });

  it('encodes prompts and null rows at length L, and embeds them as forward does', () => {
    const prompt = new PromptConditioner(FIELDS, { tokenizer, dim: 4, rng: new Rng(0) });
    const cond = prompt.condition(['a red circle', 'two blue squares']);
    expect(cond.ids.arraySync()).toEqual([
      tokenizer.encodeFixed('a red circle', 6).ids,
      tokenizer.encodeFixed('two blue squares', 6).ids,
    ]);
    expect(cond.isNull).toEqual([false, false]);
    const nulls = prompt.nullCondition(3);
    expect(nulls.ids.arraySync()).toEqual(Array(3).fill(tokenizer.nullPrompt(6).ids));
    expect(nulls.isNull).toEqual([true, true, true]);
    expect(prompt.nullIds).toEqual(tokenizer.nullPrompt(6).ids);
    expect(prompt.embed(cond, 2).dataSync()).toEqual(prompt.forward(cond.ids as tf.Tensor2D).dataSync());
    tf.dispose([cond.ids, nulls.ids]);
    prompt.dispose();
  });

  it('names the owner in a shape error and the config field in a vocabulary mismatch', () => {
    const prompt = new PromptConditioner(FIELDS, { tokenizer, dim: 4, rng: new Rng(0), name: 'MyObjective' });
    const cond = prompt.condition(['a red circle']);
    expect(() => prompt.embed(cond, 2)).toThrow(ShapeError);
    expect(() => prompt.embed(cond, 2)).toThrow(/MyObjective: conditioning ids \[1,6\] are not \[2, 6\]/);
    const short = { ids: tf.zeros([1, 5], 'int32') as tf.Tensor2D, isNull: [false] };
    expect(() => prompt.embed(short, 1)).toThrow(/encode prompts with condition\(prompts\) \(length 6\)/);
    const bad = () =>
      new PromptConditioner(
        { promptLength: 6, promptVocab: 300 },
        { tokenizer, dim: 4, rng: new Rng(0), source: 'objective:x config' },
      );
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/invalid objective:x config:\n {2}- promptVocab = 300: the tokenizer has 280 tokens/);
    expect(bad).toThrow(/set promptVocab to tokenizer.vocabSize \(280\)/);
    expect(() => checkPromptVocab(tokenizer, 280, 'x')).not.toThrow();
    tf.dispose([cond.ids, short.ids]);
    prompt.dispose();
  });
});

describe('PROMPT_FIELDS', () => {
  it('fills the defaults and rejects a dropout outside [0, 1]', () => {
    const schema = z.strictObject(PROMPT_FIELDS);
    expect(schema.parse({ promptVocab: 280 })).toEqual({
      promptLength: 16,
      promptVocab: 280,
      conditioningDropout: 0.1,
    });
    expect(schema.safeParse({ promptVocab: 280, conditioningDropout: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ promptVocab: 280, promptLength: 0 }).success).toBe(false);
  });
});
