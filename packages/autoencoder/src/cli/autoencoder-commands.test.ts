import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandContext, createCli, type MetricValue } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { gainFamily } from '../../test/test-bottleneck.js';
import { LatentCache } from '../latent-cache/latent-cache.js';
import type { Uint8Batch } from '../report/reconstruction-report.js';
import { createAutoencoderCommands } from './autoencoder-commands.js';

function context(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} };
  return { ctx, out, err };
}

/** A stand-in for metrics' ssimBatch: 1 − mean |a − b| / 255, so the report shows what was injected. */
const ssim = (a: Uint8Batch, b: Uint8Batch): MetricValue => {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i]! - b.data[i]!);
  return { name: 'SSIM', value: 1 - s / a.data.length / 255, n: a.shape[0] };
};

describe('autoencoder commands', () => {
  const commands = createAutoencoderCommands({ families: [gainFamily], metrics: { ssim } });
  const names = commands.map((c) => c.name);
  it('are train-ae, ae report and ae encode', () => {
    expect(names).toEqual(['train-ae', 'ae report', 'ae encode']);
    for (const c of commands) expect(c.examples.length).toBeGreaterThan(1);
  });

  it('train-ae trains a preset with overrides, saves the codec with its report, and resumes', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'train-ae-'));
    const cli = createCli({ name: 'flopmatch', version: '0.0.0', commands });
    const a = context(cwd);
    const code = await cli.main(
      ['train-ae', '--preset', 'tiny-gain', '--steps', '4', '--train.lr=0.002', '--out', 'run', '--json'],
      a.ctx,
    );
    expect(a.err.join('')).toContain('step 4/4');
    expect(code).toBe(0);
    const result = JSON.parse(a.out.join(''));
    expect(result.training).toMatchObject({ step: 4, stoppedBy: 'steps' });
    expect(result.report).toMatchObject({
      codec: 'codec:test-gain',
      kind: 'continuous',
      bitsPerPosition: 2,
      dataset: { count: 8 },
    });
    expect(result.report.psnr.value).toBeGreaterThan(5);
    expect(result.report.ssim.value).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(join(cwd, 'run', 'codec', 'codec.json'), 'utf8'));
    expect(manifest.training).toMatchObject({
      steps: 4,
      finalize: { finalized: 1 },
      stepSeconds: expect.any(Number),
      config: { train: { lr: 0.002 } },
    });
    expect(manifest.report.psnr.value).toBe(result.report.psnr.value);

    const b = context(cwd); // a larger budget continues the same run
    expect(
      await cli.main(
        ['train-ae', '--preset', 'tiny-gain', '--steps', '5', '--train.lr=0.002', '--out', 'run', '--json'],
        b.ctx,
      ),
    ).toBe(0);
    expect(JSON.parse(b.out.join('')).training).toMatchObject({ step: 5, resumedFrom: 4 });

    const r = context(cwd);
    expect(
      await cli.main(
        ['ae', 'report', '--codec-dir', 'run/codec', '--n', '4', '--data.resolution=16', '--json'],
        r.ctx,
      ),
    ).toBe(0);
    const report = JSON.parse(r.out.join(''));
    expect(report).toMatchObject({
      codec: 'codec:test-gain',
      dataset: { count: 4, config: { split: 'test', resolution: 16 } },
    });
    const wrongSize = context(cwd); // shapes defaults to 32×32; the tiny codec takes 16×16
    expect(await cli.main(['ae', 'report', '--codec-dir', 'run/codec', '--n', '4'], wrongSize.ctx)).toBe(1);
    expect(wrongSize.err.join('')).toContain('images [4,32,32,3] do not match the configured 16×16×3');

    const e = context(cwd);
    expect(
      await cli.main(
        [
          'ae',
          'encode',
          '--codec-dir',
          'run/codec',
          '--out',
          'cache',
          '--n',
          '6',
          '--data.resolution=16',
          '--json',
        ],
        e.ctx,
      ),
    ).toBe(0);
    const now = JSON.parse(await readFile(join(cwd, 'run', 'codec', 'codec.json'), 'utf8')); // rewritten after step 5
    expect(now.weights.sha256).not.toBe(manifest.weights.sha256);
    const cache = LatentCache.open(join(cwd, 'cache'));
    expect(cache).toMatchObject({ size: 6, kind: 'continuous', codecHash: now.weights.sha256 });
    expect(cache.get(5).latent).toHaveLength(8 * 8 * 2);
    cache.close();
    const huge = context(cwd);
    expect(
      await cli.main(
        ['ae', 'encode', '--codec-dir', 'run/codec', '--out', 'cache2', '--data.resolution=16'],
        huge.ctx,
      ),
    ).toBe(2);
    expect(huge.err.join('')).toContain('say how many to encode');
  });

  it('explains bad invocations: missing codec, unknown preset, a conflicting codec', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'train-ae-bad-'));
    const cli = createCli({ name: 'flopmatch', version: '0.0.0', commands });
    const a = context(cwd);
    expect(await cli.main(['train-ae'], a.ctx)).toBe(2);
    expect(a.err.join('')).toContain('train-ae needs --codec or --preset');
    const b = context(cwd);
    expect(await cli.main(['train-ae', '--preset', 'nope'], b.ctx)).toBe(2);
    expect(b.err.join('')).toContain("unknown preset 'nope'");
    expect(b.err.join('')).toContain('use one of: tiny-gain');
    const c = context(cwd);
    expect(await cli.main(['train-ae', '--preset', 'tiny-gain', '--codec', 'vq'], c.ctx)).toBe(2);
    expect(c.err.join('')).toContain("preset 'tiny-gain' is a gain preset, not vq");
  });
});
