/**
 * The README examples run here: each block between `README:<name>` markers below must appear verbatim in
 * README.md (up to indentation and the temporary folder), and it runs with its claims checked.
 */
import { join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { readmeExample, useTempDir } from '@flopmatch/core/testing';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadBpeTokenizer, promptBatch, saveBpeTokenizer, TextPrefixEmbedding, trainBpe } from './index.js';

const tmp = useTempDir('flopmatch-text-readme-');

/** The `README:<name>` block of this file and the README; `join(dir, 'x')` reads as `'x'` there. */
const example = (name: string) => readmeExample(import.meta.url, { name, indent: 4, dirVariable: 'dir' });

describe('README examples', () => {
  it('tokenizer: appears verbatim and does what it says', async () => {
    const dir = tmp();
    // README:tokenizer:start
    const captions = ['a red circle at the top', 'a blue square in the centre', 'two red squares'];
    const tokenizer = trainBpe(captions, { vocabSize: 280 }); // 256 bytes + 20 merges + PAD, BOS, EOS, NULL
    const ids = tokenizer.encode('a red crème brûlée 🙂');
    tokenizer.decode(ids); // 'a red crème brûlée 🙂', exactly
    const prompt = tokenizer.encodeFixed('a red circle', 10); // ids: BOS, 6 tokens, EOS, PAD, PAD; length: 8
    const unconditional = tokenizer.nullPrompt(10); // BOS NULL EOS PAD …: the classifier-free guidance branch
    await saveBpeTokenizer(tokenizer, join(dir, 'tokenizer.json'));
    const same = await loadBpeTokenizer(join(dir, 'tokenizer.json')); // validated: a bad field names itself and the fix
    // README:tokenizer:end
    const { block, readme } = await example('tokenizer');
    expect(readme).toContain(block);
    const { bos, eos, pad, null: nul } = tokenizer.special;
    expect(tokenizer.vocabSize).toBe(280);
    expect(tokenizer.merges).toHaveLength(20);
    expect(tokenizer.decode(ids)).toBe('a red crème brûlée 🙂');
    expect(prompt.ids).toEqual([bos, ...tokenizer.encode('a red circle'), eos, pad, pad]);
    expect(prompt).toMatchObject({ length: 8, truncated: false });
    expect(unconditional.ids).toEqual([bos, nul, eos, ...Array(7).fill(pad)]);
    expect(same.encode('a red crème brûlée 🙂')).toEqual(ids);
  });

  it('prefix: appears verbatim and does what it says', async () => {
    const tokenizer = trainBpe(
      ['a red circle at the top', 'a blue square in the centre', 'two red squares'],
      { vocabSize: 280 },
    );
    // README:prefix:start
    await initRuntime({ backend: 'wasm' });
    const prefix = new TextPrefixEmbedding({
      vocabSize: tokenizer.vocabSize,
      length: 10,
      dim: 64,
      rng: new Rng(0),
    });
    const batch = promptBatch(tokenizer, ['a red circle', 'two red squares'], 10, [false, true]); // row 1: null prompt
    const h = prefix.forward(batch.ids); // [2, 10, 64] = token embedding + position embedding
    // README:prefix:end
    const { block, readme } = await example('prefix');
    expect(readme).toContain(block);
    expect(h.shape).toEqual([2, 10, 64]);
    expect(batch.ids.arraySync()[1]).toEqual(tokenizer.nullPrompt(10).ids);
    tf.dispose([h, batch.ids]);
    prefix.dispose();
  });
});
