/**
 * The README example runs here: the block between the markers below must appear verbatim in README.md,
 * and it runs (in a temporary folder) with its claims checked.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBpeTokenizer as load, saveBpeTokenizer as save, trainBpe } from './index.js';

function exampleBlock(source: string): string {
  const body = source.split('// README:start\n')[1]?.split('    // README:end')[0] ?? '';
  return body
    .split('\n')
    .map((line) => line.replace(/^ {4}/, ''))
    .join('\n')
    .replaceAll("join(dir, 'tokenizer.json')", "'tokenizer.json'");
}

describe('README example', () => {
  it('appears verbatim in README.md and does what it says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopmatch-text-readme-'));
    const [loadBpeTokenizer, saveBpeTokenizer] = [load, save];
    // README:start
    const captions = ['a red circle at the top', 'a blue square in the centre', 'two red squares'];
    const tokenizer = trainBpe(captions, { vocabSize: 280 }); // 256 bytes + 20 merges + PAD, BOS, EOS, NULL
    const ids = tokenizer.encode('a red crème brûlée 🙂');
    tokenizer.decode(ids); // 'a red crème brûlée 🙂', exactly
    const prompt = tokenizer.encodeFixed('a red circle', 10); // ids: BOS, 6 tokens, EOS, PAD, PAD; length: 8
    const unconditional = tokenizer.nullPrompt(10); // BOS NULL EOS PAD …: the classifier-free guidance branch
    await saveBpeTokenizer(tokenizer, join(dir, 'tokenizer.json'));
    const same = await loadBpeTokenizer(join(dir, 'tokenizer.json')); // validated: a bad field names itself and the fix
    // README:end
    try {
      const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
      const source = await readFile(new URL(import.meta.url), 'utf8');
      expect(readme).toContain(exampleBlock(source));

      const { bos, eos, pad, null: nul } = tokenizer.special;
      expect(tokenizer.vocabSize).toBe(280);
      expect(tokenizer.merges).toHaveLength(20);
      expect(tokenizer.decode(ids)).toBe('a red crème brûlée 🙂');
      expect(prompt.ids).toEqual([bos, ...tokenizer.encode('a red circle'), eos, pad, pad]);
      expect(prompt).toMatchObject({ length: 8, truncated: false });
      expect(unconditional.ids).toEqual([bos, nul, eos, ...Array(7).fill(pad)]);
      expect(same.encode('a red crème brûlée 🙂')).toEqual(ids);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
