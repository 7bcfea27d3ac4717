import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HostArray } from '../contracts/tensor.js';
import { FileFormatError, NotFoundError } from '../errors.js';
import { Rng } from '../rng/rng.js';
import { latestCheckpoint, listCheckpoints, pruneCheckpoints } from './checkpoint-dir.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { type CheckpointContent, saveCheckpoint } from './save-checkpoint.js';

let root: string;
beforeEach(async () => {
  root = join(await mkdtemp(join(tmpdir(), 'fm-ckpt-')), 'checkpoints');
});

const f32 = (...v: number[]): HostArray => ({
  dtype: 'float32',
  shape: [v.length],
  data: new Float32Array(v),
});

function content(step: number): CheckpointContent {
  const rng = new Rng('ckpt');
  rng.uniform();
  return {
    step,
    flops: { model: step * 1e6, executed: step * 1.5e6 },
    tensors: { model: { 'layer.w': f32(1, 2, step), 'layer.b': f32(0.5) }, optimizer: { m: f32(0, 0, 0) } },
    config: { lr: 3e-4, model: { width: 8 } },
    rng: rng.state(),
    data: { epoch: 1, index: step * 4 },
    state: { scheduler: 'wsd' },
  };
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips tensors, JSON fields and the RNG, with a hashed manifest', async () => {
    const saved = await saveCheckpoint(root, content(5));
    expect(saved.path).toBe(join(root, 'step-5'));
    expect((await readdir(saved.path)).sort()).toEqual([
      'manifest.json',
      'model.safetensors',
      'optimizer.safetensors',
    ]);
    expect(await readFile(join(root, 'latest'), 'utf8')).toBe('step-5\n');

    const manifest = JSON.parse(await readFile(join(saved.path, 'manifest.json'), 'utf8'));
    const modelBytes = await readFile(join(saved.path, 'model.safetensors'));
    expect(manifest).toMatchObject({
      format: 'flopmatch-checkpoint',
      version: 1,
      step: 5,
      flops: { model: 5e6, executed: 7.5e6 },
    });
    expect(manifest.files['model.safetensors']).toEqual({
      sha256: createHash('sha256').update(modelBytes).digest('hex'),
      bytes: modelBytes.length,
    });
    expect(Number.isNaN(Date.parse(manifest.created))).toBe(false);

    const loaded = await loadCheckpoint(root); // via `latest`
    const expected = content(5);
    expect(loaded.path).toBe(saved.path);
    expect(loaded.tensors).toEqual(expected.tensors);
    expect([loaded.step, loaded.flops, loaded.config, loaded.data, loaded.state]).toEqual([
      5,
      expected.flops,
      expected.config,
      expected.data,
      expected.state,
    ]);
    const r = Rng.restore(loaded.rng!);
    const again = new Rng('ckpt');
    again.uniform();
    expect(r.uniform()).toBe(again.uniform());
  });

  it('loads a chosen step directory, or only some files', async () => {
    await saveCheckpoint(root, content(1));
    await saveCheckpoint(root, content(2));
    expect((await loadCheckpoint(join(root, 'step-1'))).tensors.model!['layer.w']!.data).toEqual(
      new Float32Array([1, 2, 1]),
    );
    const part = await loadCheckpoint(root, { files: ['optimizer'] });
    expect(Object.keys(part.tensors)).toEqual(['optimizer']);
    await expect(loadCheckpoint(root, { files: ['ema'] })).rejects.toThrow(
      /tensor file 'ema'.*\n.*has: model, optimizer/,
    );
  });

  it('fails loudly on a file whose bytes changed, naming the path and both hashes', async () => {
    const { path, manifest } = await saveCheckpoint(root, content(3));
    const file = join(path, 'model.safetensors');
    const bytes = await readFile(file);
    bytes[bytes.length - 1]! ^= 0x01; // same size, one bit flipped in the data
    await writeFile(file, bytes);
    const err = await loadCheckpoint(path).catch((e) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect(err.path).toBe(file);
    const found = createHash('sha256').update(bytes).digest('hex');
    expect(err.message).toContain(
      `sha256 mismatch: manifest says ${manifest.files['model.safetensors']!.sha256}, found ${found}`,
    );
    // Loading only the untouched file still works.
    await expect(loadCheckpoint(path, { files: ['optimizer'] })).resolves.toBeTruthy();
  });

  it('fails on a truncated file (size) and a missing file (not found)', async () => {
    const { path } = await saveCheckpoint(root, content(3));
    const file = join(path, 'optimizer.safetensors');
    await writeFile(file, (await readFile(file)).subarray(0, 20));
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /optimizer.safetensors: size mismatch: manifest says \d+ bytes, found 20/,
    );
    await rm(file);
    const err = await loadCheckpoint(path).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain(file);
  });

  it('fails on a corrupt or foreign manifest', async () => {
    const { path } = await saveCheckpoint(root, content(3));
    const mf = join(path, 'manifest.json');
    await writeFile(mf, '{"format": "flopmatch-checkpoint", ');
    await expect(loadCheckpoint(path)).rejects.toThrow(`${mf}: not valid JSON`);
    await writeFile(mf, JSON.stringify({ format: 'other', version: 2 }));
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /manifest.json: not a valid flopmatch checkpoint manifest:\n {2}- format/,
    );
  });

  it('says what exists when a root has no latest checkpoint', async () => {
    await expect(loadCheckpoint(root)).rejects.toThrow(/no manifest.json and no latest file/);
    await saveCheckpoint(root, content(4), { updateLatest: false });
    await expect(loadCheckpoint(root)).rejects.toThrow(/pass one of .*step-4/);
    await writeFile(join(root, 'latest'), 'step-9\n');
    await expect(latestCheckpoint(root)).rejects.toThrow(/step-9.*not found\n.*load one of steps 4/);
  });

  it('refuses non-JSON state and bad file names before writing anything', async () => {
    await expect(saveCheckpoint(root, { ...content(1), state: { lr: Number.NaN } })).rejects.toThrow(
      /state holds NaN/,
    );
    await expect(saveCheckpoint(root, { ...content(1), data: { ids: new Int32Array(2) } })).rejects.toThrow(
      /data holds a Int32Array/,
    );
    await expect(saveCheckpoint(root, { ...content(1), tensors: { '../x': {} } })).rejects.toThrow(
      /tensor file name '..\/x'/,
    );
    await expect(saveCheckpoint(root, content(1), { keepLast: 0 })).rejects.toThrow(
      /keepLast must be a positive integer/,
    );
    expect(await listCheckpoints(root)).toEqual([]);
    expect((await readdir(root).catch(() => [])).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('leaves the previous checkpoint as latest when a save fails midway', async () => {
    await saveCheckpoint(root, content(1));
    const broken = content(2);
    broken.tensors.optimizer = { m: { dtype: 'float32', shape: [5], data: new Float32Array(2) } }; // second file fails
    await expect(saveCheckpoint(root, broken)).rejects.toThrow(/'m'.*5 elements/);
    expect(await readdir(root)).toEqual(expect.arrayContaining(['latest', 'step-1']));
    expect((await readdir(root)).length).toBe(2);
    expect((await loadCheckpoint(root)).step).toBe(1);
  });

  it('replaces a stale directory at the same step', async () => {
    await saveCheckpoint(root, content(2));
    await saveCheckpoint(root, { ...content(2), tensors: { model: { w: f32(9) } } });
    const loaded = await loadCheckpoint(join(root, 'step-2'));
    expect(Object.keys(loaded.tensors)).toEqual(['model']);
    expect(await readdir(join(root, 'step-2'))).not.toContain('optimizer.safetensors');
  });
});

describe('pruning', () => {
  it('keeps the newest N, never deletes latest, and removes partial saves', async () => {
    for (const step of [1, 2, 3, 4]) await saveCheckpoint(root, content(step), { keepLast: 2 });
    expect((await listCheckpoints(root)).map((c) => c.step)).toEqual([3, 4]);

    await saveCheckpoint(root, content(10));
    await saveCheckpoint(root, content(20));
    await writeFile(join(root, 'latest'), 'step-3\n'); // e.g. a run resumed from an older checkpoint
    await mkdir(join(root, '.step-30.partial-1-abc'));
    await writeFile(join(root, 'step-99-notes.txt'), 'not a checkpoint');
    const removed = await pruneCheckpoints(root, 1);
    expect(removed.sort()).toEqual(
      [join(root, '.step-30.partial-1-abc'), join(root, 'step-10'), join(root, 'step-4')].sort(),
    );
    expect((await listCheckpoints(root)).map((c) => c.step)).toEqual([3, 20]);
    expect(await readdir(root)).toContain('step-99-notes.txt');
  });
});
