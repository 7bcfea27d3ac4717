import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, NoSuchComponentError, NotFoundError, Rng, sha256Hex } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GainBottleneck, gainFamily, TINY_AUTOENCODER } from '../../test/test-bottleneck.js';
import { Autoencoder } from '../network/autoencoder.js';
import { parseConvAutoencoderConfig } from '../network/conv-autoencoder-config.js';
import { readCodecManifest, updateCodecReport } from './codec-files.js';
import { loadCodec, saveCodec } from './save-codec.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

function model(seed: string) {
  return new Autoencoder(parseConvAutoencoderConfig(TINY_AUTOENCODER), new GainBottleneck({ channels: 2 }), {
    rng: new Rng(seed),
  });
}

describe('codec files', () => {
  it('save → load round-trips weights, buffers, configs and capacity; the hash is the weights file’s sha256', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codec-'));
    const m = model('a');
    m.bottleneck.updates.assign(tf.tensor1d([7]));
    const { codec, manifest } = await saveCodec(dir, gainFamily, m, { training: { steps: 3 } });
    expect(codec.weightsSha256).toBe(sha256Hex(await readFile(join(dir, 'codec.safetensors'))));
    expect(manifest).toMatchObject({
      format: 'flopmatch-codec',
      family: 'gain',
      id: 'codec:test-gain',
      kind: 'continuous',
      capacity: { bitsPerPosition: 2, latentShape: { height: 8, width: 8, channels: 2 } },
      cost: {
        encoder: { params: m.encoder.parameterCount() },
        decoder: { params: m.decoder.parameterCount() },
      },
      training: { steps: 3 },
    });
    const loaded = await loadCodec(dir, [gainFamily]);
    expect(loaded.weightsSha256).toBe(codec.weightsSha256);
    for (const [name, t] of m.stateTensors()) {
      expect(Array.from(loaded.model.stateTensors().get(name)!.dataSync()), name).toEqual(
        Array.from(t.dataSync()),
      );
    }
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    if (loaded.kind !== 'continuous' || codec.kind !== 'continuous') throw new Error('expected continuous');
    expect(Array.from(loaded.decode(loaded.encode(x)).dataSync())).toEqual(
      Array.from(codec.decode(codec.encode(x)).dataSync()),
    );
    await updateCodecReport(dir, { psnr: 30 });
    expect((await readCodecManifest(dir)).report).toEqual({ psnr: 30 });
    loaded.dispose();
    m.dispose();
  });

  it('stores float16 weights in half the bytes, and the saved model computes what a loaded one computes', async () => {
    const d32 = await mkdtemp(join(tmpdir(), 'codec-32-'));
    const d16 = await mkdtemp(join(tmpdir(), 'codec-16-'));
    const m = model('half');
    const full = await saveCodec(d32, gainFamily, m);
    const half = await saveCodec(d16, gainFamily, m, { dtype: 'float16' });
    expect(half.manifest.weights.bytes).toBeLessThan(0.6 * full.manifest.weights.bytes); // header included
    const loaded = await loadCodec(d16, [gainFamily]);
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    if (loaded.kind !== 'continuous' || half.codec.kind !== 'continuous')
      throw new Error('expected continuous');
    expect(Array.from(loaded.decode(loaded.encode(x)).dataSync())).toEqual(
      Array.from(half.codec.decode(half.codec.encode(x)).dataSync()),
    );
    const w = loaded.model.encoder.convIn.weight.dataSync();
    for (const v of w) expect(Math.fround(v)).toBe(v); // float16 values are exact in float32
    loaded.dispose();
    m.dispose();
  });

  it('fails on a changed weights file, a missing manifest or an unknown family, naming the file and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'codec-bad-'));
    const m = model('b');
    await saveCodec(dir, gainFamily, m);
    await expect(loadCodec(dir, [])).rejects.toBeInstanceOf(NoSuchComponentError);
    const weights = join(dir, 'codec.safetensors');
    const bytes = await readFile(weights);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    await writeFile(weights, bytes);
    const err = await loadCodec(dir, [gainFamily]).catch((e) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect(err.message).toMatch(
      new RegExp(`${weights}: sha256 mismatch: codec.json says [0-9a-f]{64}, found [0-9a-f]{64}`),
    );
    expect(err.message).toContain('fix: the weights changed after the manifest was written');
    await writeFile(weights, bytes.subarray(0, 10));
    await expect(loadCodec(dir, [gainFamily])).rejects.toThrow(
      /size mismatch: codec.json says \d+ bytes, found 10/,
    );
    const empty = await mkdtemp(join(tmpdir(), 'codec-none-'));
    const missing = await loadCodec(empty, [gainFamily]).catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toContain(`${join(empty, 'codec.json')}: codec manifest not found`);
    await writeFile(join(empty, 'codec.json'), '{"format":"flopmatch-codec"}');
    await expect(readCodecManifest(empty)).rejects.toThrow(/not a valid codec manifest:\n {2}- version/);
    m.dispose();
  });
});
