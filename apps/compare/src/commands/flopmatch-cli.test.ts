import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '@flopmatch/core';
import { decodeSchedule, parseTransformerShape } from '@flopmatch/flops';
import { TRANSFORMER_PRESETS } from '@flopmatch/transformer';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../plan/build-plan.js';
import { registryPricing } from '../registries/registry-pricing.js';
import { trainerPlanner } from '../registries/trainer-planner.js';
import { SweepSchema } from '../sweep/sweep-schema.js';
import { TEST_SWEEP, testRegistries } from '../testing/test-registries.js';
import { createCompareCommand } from './compare-command.js';
import { createFlopmatchCli, flopmatchCommands } from './flopmatch-cli.js';

async function run(argv: string[], cwd = tmpdir(), cli = createFlopmatchCli()) {
  let stdout = '';
  let stderr = '';
  const code = await cli.main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

describe('flopmatch CLI', () => {
  it('prints help with examples for every command', async () => {
    const names = flopmatchCommands().map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'doctor',
        'flops',
        'data preview',
        'train-ae',
        'ae report',
        'ae encode',
        'train',
        'sample',
        'eval',
        'metrics fd',
        'metrics kid',
        'metrics pr',
        'compare',
      ]),
    );
    for (const name of names) {
      const { code, stdout } = await run([...name.split(' '), '--help']);
      expect(code, name).toBe(0);
      expect(stdout, name).toMatch(new RegExp(`flopmatch ${name}`));
      expect(stdout, name).toMatch(/example/i);
    }
    const list = await run(['--help']);
    for (const name of names) expect(list.stdout).toContain(name);
  });

  it('flops --objective ntp --json equals the ledger’s KV-cached decode schedule, doubled by guidance', async () => {
    const { code, stdout } = await run([
      'flops',
      '--model',
      'fm-s',
      '--objective',
      'ntp',
      '--cfg',
      '2',
      '--json',
    ]);
    expect(code).toBe(0);
    const section = JSON.parse(stdout).extensions.sampling;
    const schedule = decodeSchedule(parseTransformerShape(TRANSFORMER_PRESETS['fm-s']));
    expect(section.data.perImage.model).toBeCloseTo(2 * schedule.total.model, 3);
    expect(section.data.perImage.executed).toBeCloseTo(2 * schedule.total.executed, 3);
    expect(section.data).toMatchObject({ nfe: 64, sequentialEvals: 64, cfgPasses: 2 });
  });

  it('flops --objective flow prices K full forward passes; bad values name the flag', async () => {
    const plain = JSON.parse((await run(['flops', '--model', 'fm-xs', '--json'])).stdout);
    const { stdout } = await run([
      'flops',
      '--model',
      'fm-xs',
      '--objective',
      'flow',
      '--steps',
      '8',
      '--json',
    ]);
    const forward = plain.sections[0].rows[0].flops;
    expect(JSON.parse(stdout).extensions.sampling.data.perImage).toEqual({
      model: 8 * forward.model,
      executed: 8 * forward.executed,
    });
    const bad = await run(['flops', '--model', 'fm-xs', '--objective', 'flow', '--steps', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be a whole number ≥ 1/);
    const unknown = await run(['flops', '--model', 'fm-xs', '--objective', 'gan']);
    expect(unknown.stderr).toMatch(/use ntp, mtp or flow/);
  });
});

describe('flopmatch compare --dry-run', () => {
  const cli = createCli({
    name: 'flopmatch',
    version: '0',
    commands: [createCompareCommand({ registries: testRegistries })],
  });
  async function sweepDir(sweep: unknown) {
    const cwd = await mkdtemp(join(tmpdir(), 'fm-dry-'));
    await writeFile(join(cwd, 'sweep.json'), JSON.stringify(sweep));
    return cwd;
  }

  it('prints the plan with the ledger FLOPs of every unit and writes nothing', async () => {
    const cwd = await sweepDir({ ...TEST_SWEEP, timeBudgetSeconds: 3600 });
    const { code, stdout } = await run(
      ['compare', '--config', 'sweep.json', '--dry-run', '--json', '--calibration', 'stored'],
      cwd,
      cli,
    );
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    const want = buildPlan(SweepSchema.parse(TEST_SWEEP), registryPricing(testRegistries(), trainerPlanner));
    expect(plan.units.map((u: { id: string; flops: unknown }) => [u.id, u.flops])).toEqual(
      want.map((u) => [u.id, u.flops]),
    );
    expect(plan.totalFlops.model).toBeCloseTo(
      want.reduce((s, u) => s + u.flops.model, 0),
      0,
    );
    expect(plan.out).toBe(join(cwd, 'runs', 'test'));
    const text = await run(
      ['compare', '--config', 'sweep.json', '--dry-run', '--calibration', 'stored'],
      cwd,
      cli,
    );
    expect(text.stdout).toMatch(/train\s+6\s+0/);
    expect(text.stdout).toMatch(/within the time budget/);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(cwd)).toEqual(['sweep.json']);
  });

  it('refuses (exit 4) a plan whose estimate exceeds the time budget', async () => {
    const cwd = await sweepDir({ ...TEST_SWEEP, timeBudgetSeconds: 1 });
    const { code, stdout } = await run(
      ['compare', '--config', 'sweep.json', '--dry-run', '--calibration', 'stored'],
      cwd,
      cli,
    );
    expect(code).toBe(4);
    expect(stdout).toMatch(/over the time budget by .*: refused/);
  });

  it('reports sweep errors with exit 2, naming the field and the flag', async () => {
    const cwd = await sweepDir(TEST_SWEEP);
    const { code, stderr } = await run(
      ['compare', '--config', 'sweep.json', '--dry-run', '--training.batchSize=0'],
      cwd,
      cli,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/training\.batchSize = 0: .*set by --training\.batchSize=0/);
  });
});
