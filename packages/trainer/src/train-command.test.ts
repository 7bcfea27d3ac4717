import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { TinyFlowObjective } from '../test/tiny-flow-objective.js';
import { ToyLatents } from '../test/toy-latents.js';
import { createTrainCommand } from './train-command.js';

const tokenizer = new CharTokenizer();
const data = new ToyLatents({ size: 24 });
let builds = 0;
const train = createTrainCommand({
  modelSchema: z.strictObject({ hidden: z.number().int().positive() }),
  modelDefaults: { hidden: 16 },
  build: (model) => {
    builds += 1;
    return {
      objective: new TinyFlowObjective(tokenizer, {
        latentShape: data.latentShape,
        promptLength: 8,
        hidden: model.hidden,
      }),
      data,
      tokenizer,
    };
  },
});
const cli = createCli({ name: 'flopmatch', version: '0.0.0', commands: [train] });
const F = () =>
  new TinyFlowObjective(tokenizer, {
    latentShape: data.latentShape,
    promptLength: 8,
    hidden: 8,
  }).trainingFlopsPerExample().model * 4;

let cwd: string;
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cli.main(['train', ...argv], {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
  cwd = await mkdtemp(join(tmpdir(), 'fm-train-cmd-'));
  await writeFile(
    join(cwd, 'run.json'),
    JSON.stringify({
      dir: 'runs/a',
      model: { hidden: 8 },
      trainer: {
        budgetFlops: 20 * F(),
        batchSize: 4,
        promptLength: 8,
        optimizer: { lr: 0.01 },
        milestones: [0.5, 1],
      },
    }),
  );
  await writeFile(
    join(cwd, 'sweep.json'),
    JSON.stringify({
      dir: 'runs/s',
      model: { hidden: 8 },
      trainer: { budgetFlops: 1e12, batchSize: 4, promptLength: 8, optimizer: { lr: 1 } },
      sweep: { rates: [1e-3, 1e-2], budgetFlops: 10 * F() },
    }),
  );
});

describe('flopmatch train', () => {
  it('shows its examples in --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('flopmatch train --config run.json --dry-run');
    expect(stdout).toContain('--sweep');
  });

  it('needs --config, and names a bad field with the flag that set it', async () => {
    const missing = await run();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/train needs a run config[\s\S]*pass --config run\.json/);
    const bad = await run('--config', 'run.json', '--trainer.milestones=[0.5,0.4]');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/trainer\.milestones\[1\] = 0\.4: must be larger than milestones\[0\]/);
    const noSweep = await run('--config', 'run.json', '--sweep');
    expect(noSweep.code).toBe(2);
    expect(noSweep.stderr).toMatch(/sweep = \(missing\): --sweep needs a sweep section/);
  });

  it('--dry-run prints the plan and trains nothing', async () => {
    const { code, stdout } = await run('--config', 'run.json', '--dry-run', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(
      report.plan.milestones.map((m: { steps: number; branchStep: number }) => [m.steps, m.branchStep]),
    ).toEqual([
      [10, 8],
      [20, 16],
    ]);
    expect(await readdir(cwd)).not.toContain('runs');
  });

  it('trains to the budget with config overrides and reports every milestone', async () => {
    const { code, stdout, stderr } = await run('--config', 'run.json', '--dir=runs/b', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.dir).toBe(join(cwd, 'runs/b'));
    expect(report.stoppedBy).toBe('budget');
    expect(
      report.milestones.map((m: { id: string; charged: { model: number } }) => [m.id, m.charged.model]),
    ).toEqual([
      ['milestone-0.5', 10 * F()],
      ['milestone-1', 20 * F()],
    ]);
    expect(stderr).toContain('milestone-1:');
    const text = await run('--config', 'run.json', '--dir=runs/b'); // finished: reruns as a no-op
    expect(text.stdout).toMatch(/^trained: wsd, budget/);
    expect(text.stdout).toMatch(/milestone-0\.5 +\d/);
  });

  it('--sweep tries each rate from a fresh build and prints the best with the sweep cost', async () => {
    const before = builds;
    const { code, stdout } = await run('--config', 'sweep.json', '--sweep', '--json');
    expect(code).toBe(0);
    const sweep = JSON.parse(stdout);
    expect(builds - before).toBe(2); // one build for the components, reused for the first rate; one more
    expect(sweep.runs.map((r: { rate: number }) => r.rate)).toEqual([1e-3, 1e-2]);
    const losses = sweep.runs.map((r: { finalLoss: number }) => r.finalLoss);
    expect(sweep.best).toBe(losses[0] < losses[1] ? 1e-3 : 1e-2);
    expect(sweep.flops.model).toBe(20 * F());
  });
});
