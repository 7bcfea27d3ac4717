import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sweep, SweepSchema } from '../sweep/sweep-schema.js';
import { TEST_SWEEP } from '../testing/test-registries.js';
import { checkRunDir, openRunDir } from './run-dir.js';
import { stableHash } from './stable-hash.js';

const sweep: Sweep = SweepSchema.parse(TEST_SWEEP);
const where = {
  backend: 'cpu',
  device: 'test',
  provenance: { gitCommit: 'abc', gitDirty: false },
  preset: undefined,
};

describe('run directories', () => {
  it('records the sweep once and accepts the same sweep again', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'fm-rundir-')), 'run');
    const info = await openRunDir({ dir, sweep, ...where });
    expect(info).toMatchObject({
      preset: 'custom',
      sweepHash: stableHash(sweep),
      gitCommit: 'abc',
      timeBudgetSeconds: 60,
    });
    expect(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')).sweep).toEqual(
      JSON.parse(JSON.stringify(sweep)),
    );
    expect(await openRunDir({ dir, sweep, ...where })).toEqual(info);
  });

  it('refuses another sweep, naming the first field that differs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-rundir-'));
    await openRunDir({ dir, sweep, ...where });
    const other = SweepSchema.parse({ ...TEST_SWEEP, training: { ...TEST_SWEEP.training, seeds: [0, 2] } });
    await expect(checkRunDir(dir, other)).rejects.toThrow(
      /holds a run of a different sweep \(first difference at 'training\.seeds\[1\]'\)\n {2}fix: rerun with the same sweep to resume, or pass a new --out directory/,
    );
    expect(await checkRunDir(join(dir, 'nothing'), other)).toBeUndefined();
  });
});
