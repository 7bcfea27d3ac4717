import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '@flopmatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../io/npy.js';
import { fdCommand } from './fd-command.js';
import { kidCommand } from './kid-command.js';
import { prCommand } from './pr-command.js';

/** Runs a command the way the CLI host will: node:util parseArgs over its declared options. */
async function run(command: Command, argv: string[], cwd: string) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(command.options).map(([k, o]) => [
        k,
        { type: o.type, ...(o.default !== undefined ? { default: o.default } : {}) },
      ]),
    ),
    allowPositionals: true,
  });
  let stdout = '';
  let stderr = '';
  const code = await command.run(
    { values, positionals },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd },
  );
  return { code, stdout, stderr };
}

describe('metrics commands', () => {
  let dir: string;
  const column = (values: number[]) => ({
    dtype: 'float32' as const,
    shape: [values.length, 1] as [number, number],
    data: Float32Array.from(values),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flopmatch-cli-'));
    await writeNpy(join(dir, 'real.npy'), column([0, 2]));
    await writeNpy(join(dir, 'fake.npy'), column([1, 4, 7]));
    await writeNpy(join(dir, 'kid-real.npy'), column([0, 1]));
    await writeNpy(join(dir, 'kid-fake.npy'), column([1, 2]));
    await writeNpy(join(dir, 'line.npy'), column([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await writeNpy(join(dir, 'line-fake.npy'), column([0.5, 4.25, 20, -3]));
    await writeNpy(join(dir, 'hashed.npy'), column([0, 1, 2]));
    await writeFile(
      join(dir, 'hashed.npy.json'),
      JSON.stringify({ extractor: 'shapes-v1', extractorHash: 'sha256:aa' }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fd --json prints fd and n (hand case: 9 + (√2 − 3)²)', async () => {
    const out = await run(fdCommand, ['--real', 'real.npy', '--fake', 'fake.npy', '--json'], dir);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.fd).toBeCloseTo(9 + (Math.SQRT2 - 3) ** 2, 10);
    expect(json).toMatchObject({
      n: 3,
      n_real: 2,
      n_fake: 3,
      dim: 1,
      name: 'FD-custom',
      extractor_hash: 'unverified',
    });
  });

  it('fd prints a readable line without --json, naming the extractor given by --extractor', async () => {
    const out = await run(
      fdCommand,
      ['--real', 'real.npy', '--fake', 'fake.npy', '--extractor', 'mine'],
      dir,
    );
    expect(out.stdout).toMatch(/^FD-mine = 11\.5147 {2}\(n_real = 2, n_fake = 3, dim = 1\)\n$/);
  });

  it('kid --json prints kid and kid_std (hand case 9.5 ± 0)', async () => {
    const out = await run(
      kidCommand,
      ['--real', 'kid-real.npy', '--fake', 'kid-fake.npy', '--subset-size', '2', '--subsets', '3', '--json'],
      dir,
    );
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.kid).toBeCloseTo(9.5, 10);
    expect(json.kid_std).toBeCloseTo(0, 10);
    expect(json).toMatchObject({ n: 2, subset_size: 2, subsets: 3, seed: 0 });
  });

  it('pr --json prints precision and recall (hand case 0.5 / 1 at k = 1)', async () => {
    const out = await run(
      prCommand,
      ['--real', 'line.npy', '--fake', 'line-fake.npy', '--k', '1', '--json'],
      dir,
    );
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ precision: 0.5, recall: 1, n: 4, n_real: 10, n_fake: 4, k: 1 });
  });

  it('exits 2 on a missing flag, a bad number, a too-large subset or mismatched extractors', async () => {
    const missing = await run(fdCommand, ['--fake', 'fake.npy'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--real is required/);
    const badK = await run(prCommand, ['--real', 'line.npy', '--fake', 'line-fake.npy', '--k', 'three'], dir);
    expect(badK.code).toBe(2);
    expect(badK.stderr).toMatch(/--k = "three" is not an integer ≥ 1/);
    const big = await run(kidCommand, ['--real', 'real.npy', '--fake', 'fake.npy'], dir);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /subsetSize = 1000 exceeds the 2 samples of the real set[\s\S]*--subset-size 2/,
    );
    const mixed = await run(fdCommand, ['--real', 'hashed.npy', '--fake', 'fake.npy'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/different extractors \(real: sha256:aa, fake: unverified\)/);
  });

  it('exits 3 naming the file when a feature file is missing or corrupt', async () => {
    const missing = await run(fdCommand, ['--real', 'nope.npy', '--fake', 'fake.npy'], dir);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(join(dir, 'nope.npy'));
    await writeFile(join(dir, 'bad.npy'), 'garbage');
    const corrupt = await run(kidCommand, ['--real', 'bad.npy', '--fake', 'fake.npy'], dir);
    expect(corrupt.code).toBe(3);
    expect(corrupt.stderr).toMatch(/bad\.npy: not a .npy file/);
  });

  it('declares names, summaries and examples for --help', () => {
    for (const c of [fdCommand, kidCommand, prCommand]) {
      expect(c.name).toMatch(/^metrics (fd|kid|pr)$/);
      expect(c.examples.length).toBeGreaterThan(0);
      for (const o of Object.values(c.options)) expect(o.description.length).toBeGreaterThan(10);
    }
  });
});
