import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frechetDistance } from '../distribution/frechet-distance.js';
import {
  type EvalNetRecord,
  loadClipNetwork,
  loadEvalNet,
  loadFeatureNetwork,
  saveEvalNet,
} from './eval-net-files.js';
import { ClipNetwork, FeatureNetwork } from './eval-network.js';
import { FeatureNet } from './feature-net.js';
import { MiniClip } from './mini-clip.js';
import { gatherSamples } from './network-inputs.js';
import { evalNetTrainDefaults, TEST_TOKENIZER, tinyClipConfig, tinyShapesConfig } from './test-networks.js';
import { tokenizerFingerprint } from './tokenizer-fingerprint.js';
import { WordTokenizer } from './word-tokenizer.js';

let root: string;
const data = new ShapesDataset({ split: 'test', heldOutPairs: [] });
const { images } = gatherSamples(
  data,
  Array.from({ length: 6 }, (_, i) => i),
);
const host = { data: images, n: 6, shape: data.imageShape };

function record(
  config: ReturnType<typeof tinyShapesConfig>,
  tokenizer: EvalNetRecord['tokenizer'] = null,
): EvalNetRecord {
  return {
    config,
    train: evalNetTrainDefaults(),
    tokenizer,
    heldOut: { data: { split: 'test' }, n: 6, accuracy: { shape: 0.5 } },
    training: {
      steps: 0,
      flops: { model: 0, executed: 0 },
      finalLoss: 1,
      seconds: 0,
      backend: 'wasm',
      tfjsVersion: '4.22.0',
      created: 'now',
    },
  };
}

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  root = await mkdtemp(join(tmpdir(), 'flopmatch-evalnet-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('saveEvalNet / loadEvalNet', () => {
  it('round-trips a feature net: same features, stamped with its id and recorded hash', async () => {
    const config = tinyShapesConfig();
    const model = new FeatureNet(config, new Rng(1));
    const dir = join(root, 'features');
    const manifest = await saveEvalNet(dir, model, record(config));
    const before = new FeatureNetwork(model, manifest.extractorHash).extractHost(host);
    const net = await loadFeatureNetwork('test-shapes-v1', { dir });
    const after = net.extractHost(host);
    expect(after.extractor).toBe('test-shapes-v1');
    expect(after.extractorHash).toBe(manifest.extractorHash);
    expect(Array.from(after.data)).toEqual(Array.from(before.data));
    expect(manifest.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    net.dispose();
  });

  it('gives differently initialised networks different hashes, and metrics refuse to mix them', async () => {
    const config = tinyShapesConfig();
    const a = await saveEvalNet(join(root, 'a'), new FeatureNet(config, new Rng(1)), record(config));
    const b = await saveEvalNet(join(root, 'b'), new FeatureNet(config, new Rng(2)), record(config));
    expect(a.extractorHash).not.toBe(b.extractorHash);
    const netA = await loadFeatureNetwork('test-shapes-v1', { dir: join(root, 'a') });
    const netB = await loadFeatureNetwork('test-shapes-v1', { dir: join(root, 'b') });
    expect(() => frechetDistance(netA.extractHost(host), netB.extractHost(host))).toThrow(
      /different extractors/,
    );
  });

  it('fails loudly on a corrupt, truncated or swapped weights file, naming it', async () => {
    const config = tinyShapesConfig();
    const dir = join(root, 'corrupt');
    await saveEvalNet(dir, new FeatureNet(config, new Rng(3)), record(config));
    const path = join(dir, 'weights.safetensors');
    const good = await readFile(path);
    const flipped = Uint8Array.from(good);
    flipped[flipped.length - 10]! ^= 0x40; // one bit of one weight
    await writeFile(path, flipped);
    await expect(loadEvalNet('x', { dir })).rejects.toThrow(
      /weights\.safetensors: is corrupt or was replaced[\s\S]*sha256[\s\S]*fix: restore/,
    );
    await writeFile(path, good.subarray(0, 100));
    await expect(loadEvalNet('x', { dir })).rejects.toThrow(/is corrupt or was replaced: 100 bytes/);
    await rm(path);
    await expect(loadEvalNet('x', { dir })).rejects.toThrow(
      /weights\.safetensors: evaluation network weights not found/,
    );
  });

  it('refuses a manifest whose extractor hash or fields were edited', async () => {
    const config = tinyShapesConfig();
    const dir = join(root, 'edited');
    await saveEvalNet(dir, new FeatureNet(config, new Rng(4)), record(config));
    const path = join(dir, 'network.json');
    const json = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...json, extractorHash: `sha256:${'0'.repeat(64)}` }));
    await expect(loadEvalNet('x', { dir })).rejects.toThrow(
      /network\.json: extractorHash sha256:0+ does not match the weights/,
    );
    await writeFile(path, JSON.stringify({ ...json, weights: { ...json.weights, sha256: 'abc' } }));
    await expect(loadEvalNet('x', { dir })).rejects.toThrow(/weights\.sha256/);
    await expect(loadEvalNet('no-such-net-v1')).rejects.toThrow(/no-such-net-v1[\s\S]*not found/);
  });

  it('round-trips a mini-CLIP with its word tokenizer and refuses another tokenizer', async () => {
    const config = tinyClipConfig();
    const model = new MiniClip(config, new Rng(5));
    const probes = ['a red circle', 'two blue squares'];
    const fingerprint = tokenizerFingerprint(TEST_TOKENIZER, probes, 12);
    const dir = join(root, 'clip');
    const manifest = await saveEvalNet(
      dir,
      model,
      record(config, { type: 'words', words: [...TEST_TOKENIZER.words], probes, fingerprint }),
    );
    const clip = await loadClipNetwork('test-clip-v1', { dir });
    expect(clip).toBeInstanceOf(ClipNetwork);
    const prompts = [
      'a red circle',
      'a blue square',
      'two green crosses',
      'a cyan triangle',
      'a red cross',
      'a large blue circle',
    ];
    const score = clip.scoreHost(host, prompts);
    expect(score).toMatchObject({ name: 'CLIP-score-test-clip-v1', n: 6 });
    expect(clip.embedPrompts(prompts).extractorHash).toBe(manifest.extractorHash);
    const other = new WordTokenizer([...TEST_TOKENIZER.words].reverse());
    await expect(loadEvalNet('x', { dir, tokenizer: other })).rejects.toThrow(
      /encodes the probe prompts differently/,
    );
    await expect(loadFeatureNetwork('x', { dir })).rejects.toThrow(/is a mini-CLIP, not a feature network/);
  });
});
