// Slow (FLOPMATCH_SLOW_TESTS=1, about 10 CPU-minutes): retrains the committed `demo-vq` codec with its preset
// through `train-ae` and checks that the run reproduces it — the same reconstruction quality, and on the
// machine and backend that trained it, the same weights bit for bit.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAutoencoderCommands, readCodecManifest } from '@flopmatch/autoencoder';
import { type CommandContext, createCli } from '@flopmatch/core';
import { expect, it } from 'vitest';
import { DISCRETE_FAMILIES } from './families.js';

it('reproduces codecs/demo-vq from its preset', { timeout: 3_600_000 }, async () => {
  const committed = await readCodecManifest(join(import.meta.dirname, '..', 'codecs', 'demo-vq'));
  const cwd = await mkdtemp(join(tmpdir(), 'demo-vq-'));
  const cli = createCli({
    name: 'flopmatch',
    version: 'test',
    commands: createAutoencoderCommands({ families: DISCRETE_FAMILIES }),
  });
  const out: string[] = [];
  const ctx: CommandContext = { stdout: (t) => out.push(t), stderr: () => {}, cwd, env: {} };
  expect(await cli.main(['train-ae', '--preset', 'demo-vq', '--out', 'run', '--json'], ctx)).toBe(0);
  const { report } = JSON.parse(out.join(''));
  const recorded = committed.report as { psnr: { value: number } };
  expect(report.psnr.value).toBeGreaterThanOrEqual(24);
  expect(Math.abs(report.psnr.value - recorded.psnr.value)).toBeLessThan(0.5);
  const fresh = await readCodecManifest(join(cwd, 'run', 'codec'));
  if ((committed.training as { backend?: string }).backend === 'wasm') {
    console.info(
      `weights ${fresh.weights.sha256 === committed.weights.sha256 ? 'match' : 'differ from'} the committed ones bit for bit`,
    );
  }
});
