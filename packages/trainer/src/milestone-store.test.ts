import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, NotFoundError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import {
  loadMilestone,
  type MilestoneResult,
  milestoneDir,
  milestoneFileContent,
  readMilestone,
} from './milestone-store.js';

const result = (dir: string): MilestoneResult => ({
  id: 'milestone-0.5',
  fraction: 0.5,
  targetFlops: 5000,
  steps: 5,
  branchStep: 4,
  ownSteps: 1,
  charged: { model: 5000, executed: 6000 },
  checkpoint: join(milestoneDir(dir, 'milestone-0.5'), 'checkpoints', 'step-5'),
  finalLoss: 0.25,
  lossWindowSteps: 1,
  emas: ['ema-0.1'],
});

describe('milestone records', () => {
  it('round-trip through milestone.json with the checkpoint path relative to the milestone directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-milestone-'));
    const mdir = milestoneDir(dir, 'milestone-0.5');
    const content = milestoneFileContent(result(dir), { trainer: { seed: 1 } }, mdir) as Record<
      string,
      unknown
    >;
    expect(content).toMatchObject({
      format: 'flopmatch-milestone',
      version: 1,
      checkpoint: 'checkpoints/step-5',
    });
    expect(await readMilestone(dir, 'milestone-0.5')).toBeUndefined(); // not finished yet
    await mkdir(mdir, { recursive: true });
    await writeFile(join(mdir, 'milestone.json'), JSON.stringify(content));
    expect(await readMilestone(dir, 'milestone-0.5')).toEqual({
      result: result(dir),
      config: { trainer: { seed: 1 } },
    });
  });

  it('names a corrupt record and a milestone that has not finished', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fm-milestone-'));
    const mdir = milestoneDir(dir, 'milestone-1');
    await mkdir(mdir, { recursive: true });
    await writeFile(join(mdir, 'milestone.json'), '{"format":"flopmatch-milestone","version":1,"id":3}');
    const error = await readMilestone(dir, 'milestone-1').catch((e) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toMatch(
      new RegExp(`^${join(mdir, 'milestone.json')}: not a valid milestone record`),
    );
    expect(error.message).toContain('delete the milestone directory to retrain it');
    const missing = await loadMilestone(dir, 'milestone-0.25').catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(/milestone 'milestone-0.25' not found[\s\S]*finish the run first/);
  });
});
