/**
 * Speed of the byte-level BPE (vocab 512, trained on 10k synthetic captions), each against a baseline in the same
 * process: training with and without pre-tokenisation, and the cached encoder against a naive encoder that
 * applies every merge in rank order. Run: `npx vitest bench --run --project text` (from the repo root).
 */
import { bench, describe } from 'vitest';
import { preTokenize } from '../src/pre-tokenize.js';
import { trainBpe } from '../src/train-bpe.js';
import { syntheticCaptions } from '../test/synthetic-captions.js';

const captions = syntheticCaptions(10_000, 7);
const unseen = syntheticCaptions(2_000, 8);
const tokenizer = trainBpe(captions, { vocabSize: 512 });

/** Baseline: for every piece, every merge in rank order (what `applyMerges` must equal, without the cache). */
function naiveEncode(text: string): number[] {
  const out: number[] = [];
  for (const piece of preTokenize(text, 'gpt2')) {
    let ids = [...Buffer.from(piece, 'utf8')];
    tokenizer.merges.forEach(([left, right], rank) => {
      const next: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length && ids[i] === left && ids[i + 1] === right) {
          next.push(256 + rank);
          i++;
        } else next.push(ids[i] as number);
      }
      ids = next;
    });
    out.push(...ids);
  }
  return out;
}

describe('train on 10k captions to vocab 512', () => {
  bench(
    "preTokenize 'gpt2'",
    () => {
      trainBpe(captions, { vocabSize: 512 });
    },
    { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
  bench(
    "preTokenize 'none' (one piece per caption)",
    () => {
      trainBpe(captions, { vocabSize: 512, preTokenize: 'none' });
    },
    { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});

describe('encode 2k unseen captions', () => {
  bench(
    'encode (merge by rank, cached per piece)',
    () => {
      for (const c of unseen) tokenizer.encode(c);
    },
    { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
  bench(
    'naive: every merge in rank order',
    () => {
      for (const c of unseen) naiveEncode(c);
    },
    { iterations: 2, time: 0, warmupIterations: 1, warmupTime: 0 },
  );
});
