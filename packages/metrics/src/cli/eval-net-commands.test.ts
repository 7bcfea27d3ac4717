import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '@flopmatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCommands } from '../index.js';

const cli = createCli({ name: 'flopmatch', version: '0.0.0', commands: [...metricsCommands] });

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await cli.main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flopmatch-train-net-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('metrics train-net / features', () => {
  it('refuses a missing or unknown --net, listing the networks', async () => {
    const missing = await run(['metrics', 'train-net'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs --net[\s\S]*shapes-features, shapes-clip, mnist-features/);
    const unknown = await run(['metrics', 'train-net', '--net', 'inception'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no evaluation network 'inception'/);
  });

  it('trains a tiny shapes net, resumes it as finished, and extracts features the fd command reads', async () => {
    const argv = [
      'metrics',
      'train-net',
      '--net',
      'shapes-features',
      '--steps',
      '3',
      '--run-dir',
      'run',
      '--out',
      'net',
      '--json',
      '--train.batchSize=8',
      '--train.heldOutCount=16',
      '--train.warmupSteps=1',
      '--config.trunk.hidden=16',
      '--config.trunk.featureDim=8',
      '--config.trunk.patchWidths=[8,4]',
    ];
    const first = await run(argv, dir);
    expect(first.stderr).toMatch(/step 3\/3: loss/);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ id: 'shapes-features-v1', heldOut: { n: 16 }, training: { steps: 3 } });
    expect(report.training.flops.model).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(join(dir, 'net', 'network.json'), 'utf8'));
    expect(manifest.config.trunk).toEqual({ patchWidths: [8, 4], hidden: 16, featureDim: 8 });
    expect(manifest.extractorHash).toBe(report.extractorHash);
    // Same command again: the run resumes at its last checkpoint (step 3) and writes the same weights.
    const again = await run(argv, dir);
    expect(JSON.parse(again.stdout).extractorHash).toBe(report.extractorHash);
    // A fresh run in another directory is bit-identical: training is deterministic.
    const fresh = await run(
      argv.map((a) => (a === 'run' ? 'run-2' : a === 'net' ? 'net-2' : a)),
      dir,
    );
    expect(JSON.parse(fresh.stdout).extractorHash).toBe(report.extractorHash);

    const features = await run(
      [
        'metrics',
        'features',
        '--net',
        'shapes-features-v1',
        '--net-dir',
        'net',
        '--n',
        '12',
        '--out',
        'real.npy',
        '--json',
      ],
      dir,
    );
    expect(features.code).toBe(0);
    expect(JSON.parse(features.stdout)).toMatchObject({ n: 12, dim: 8, extractorHash: report.extractorHash });
    const fd = await run(['metrics', 'fd', '--real', 'real.npy', '--fake', 'real.npy', '--json'], dir);
    const value = JSON.parse(fd.stdout);
    expect(value).toMatchObject({
      name: 'FD-shapes-features-v1',
      n: 12,
      extractor_hash: report.extractorHash,
    });
    expect(value.fd).toBeLessThan(1e-9);
  });
});
