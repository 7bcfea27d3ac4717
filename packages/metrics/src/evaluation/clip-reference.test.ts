import { Rng } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipScore } from '../clip-score.js';
import { ClipNetwork } from '../networks/eval-network.js';
import { MiniClip } from '../networks/mini-clip.js';
import { TEST_TOKENIZER, tinyClipConfig } from '../networks/test-networks.js';
import { clipScoreReference } from './clip-reference.js';
import { parseEvalProtocol } from './eval-protocol.js';
import { extractDataset } from './extract-dataset.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('clipScoreReference', () => {
  it('scores set A with its captions, with set B’s captions, and reconstructions, all at N', () => {
    const clip = new ClipNetwork(new MiniClip(tinyClipConfig(), new Rng(0)), TEST_TOKENIZER, 'sha256:tiny');
    const dataset = new ShapesDataset({ split: 'test', heldOutPairs: [], size: 40 });
    const protocol = parseEvalProtocol({ n: 12, offset: 4 });
    const ref = clipScoreReference({
      clip,
      dataset,
      protocol,
      reconstruct: (x) => ({ ...x, data: x.data.map(() => -1) }),
    });
    expect([ref.n, ref.matched.n, ref.mismatched.n, ref.reconstructed!.n]).toEqual([12, 12, 12, 12]);
    // Independent recomputation of the matched score: images 4..15 against their own captions.
    const images = extractDataset(clip, dataset, { offset: 4, count: 12 });
    const prompts = clip.embedPrompts(Array.from({ length: 12 }, (_, i) => dataset.get(4 + i).caption));
    expect(ref.matched.value).toBeCloseTo(clipScore(images, prompts).value, 10);
    expect(ref.mismatched.value).not.toBeCloseTo(ref.matched.value, 6);
    expect(ref.matched.name).toBe('CLIP-score-test-clip-v1');
    expect(() => clipScoreReference({ clip, dataset, protocol: parseEvalProtocol({ n: 30 }) })).toThrow(
      /need 60 samples[\s\S]*at most 20/,
    );
  });
});
