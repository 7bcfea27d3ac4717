// End to end: the real pipeline on the `micro` sweep (every unit kind, tiny sizes), once in this process,
// then as a real `flopmatch compare` child process killed with SIGKILL mid-unit and run again.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../report/html-escape.js';
import { readResults } from '../store/results-store.js';
import { readGridPrompts } from '../store/sample-grid.js';
import type { Plan, RunEvent, UnitRecord } from '../store/schema.js';
import { microSweep } from '../testing/micro-sweep.js';
import { finished, spawnSource } from '../testing/spawn-source.js';
import { createFlopmatchCli } from './flopmatch-cli.js';

const cliScript = fileURLToPath(new URL('../cli.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sweepDir(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'fm-micro-'));
  await writeFile(join(cwd, 'sweep.json'), JSON.stringify(microSweep(['masked'])));
  return cwd;
}

/**
 * What must not depend on how often or where a unit ran: everything but times and the tree's git state
 * (others may commit to a shared working tree between the two runs).
 */
function comparable(r: UnitRecord) {
  const result =
    r.kind === 'inference'
      ? {
          ...r.result,
          points: r.result.points.map(({ latencyMsBatch1: _l, throughputImagesPerSecond: _t, ...p }) => p),
        }
      : r.result;
  const {
    wallSeconds: _w,
    startedAt: _s,
    finishedAt: _f,
    gitCommit: _c,
    gitDirty: _d,
    ...manifest
  } = r.manifest;
  return { unit: r.unit, kind: r.kind, result, manifest };
}

const byUnit = (records: UnitRecord[]) =>
  records.map(comparable).sort((a, b) => a.unit.localeCompare(b.unit));

let reference: UnitRecord[] = [];

// Minutes only on a loaded machine: the two tests cost about 30 s of CPU on one core.
describe('flopmatch compare on the micro sweep', { timeout: 240_000 }, () => {
  it('runs every unit of the pipeline end to end and writes the report', async () => {
    const cwd = await sweepDir();
    let stderr = '';
    const code = await createFlopmatchCli().main(
      ['compare', '--config', 'sweep.json', '--workers', '0', '--quiet', '--calibration', 'stored'],
      {
        cwd,
        stdout: () => {},
        stderr: (t) => {
          stderr += t;
        },
        env: {},
      },
    );
    expect(code, stderr).toBe(0);
    const out = join(cwd, 'runs', 'micro');
    reference = await readResults(out);
    const plan = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as Plan;
    expect(reference.map((r) => r.unit).sort()).toEqual(plan.units.map((u) => u.id).sort());

    const train = reference.find((r) => r.kind === 'train');
    if (train?.kind !== 'train') throw new Error('no train record');
    // The plan charged the trainer's exact FLOPs; the run spent them.
    expect(train.manifest.flops).toEqual(plan.units.find((u) => u.id === train.unit)?.flops);
    expect(train.result.milestones.map((m) => m.budgetFlops)).toEqual([5e7, 1.5e8]);
    for (const m of train.result.milestones) expect(m.spent.model).toBeGreaterThanOrEqual(m.budgetFlops);

    const gridPrompts: string[][] = [];
    const evals = reference.filter((r): r is Extract<UnitRecord, { kind: 'eval' }> => r.kind === 'eval');
    expect(evals).toHaveLength(4);
    for (const e of evals) {
      // Generated and real-vs-real numbers at the same N, the prompt ceiling from the codec, the ledger cost.
      expect(e.result.quality.fd.n).toBe(32);
      expect(e.result.baseline.fd.n).toBe(32);
      expect(e.result.quality.fd.value).toBeGreaterThan(e.result.baseline.fd.value);
      expect(e.result.promptCeiling?.name).toBe('prompt-accuracy');
      const planned = plan.units.find((u) => u.id === e.unit)!;
      expect(e.manifest.flops.model).toBeCloseTo(planned.flops.model, 0);
      // The grid and its prompts sidecar: the first gridSize = 4 protocol prompts, in grid order.
      expect(existsSync(join(out, e.result.grid!))).toBe(true);
      const { prompts } = await readGridPrompts(join(out, e.result.grid!));
      expect(prompts).toHaveLength(4);
      gridPrompts.push(prompts!);
    }
    expect(new Set(gridPrompts.map((p) => JSON.stringify(p))).size).toBe(1); // same protocol, same prompts
    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    expect(html).not.toContain('Prompts were not recorded');
    expect(html).toContain(
      `<ol class="prompts">${gridPrompts[0]!.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ol>`,
    );
    expect(readFileSync(join(out, 'tokenizer.json'), 'utf8')).toContain('"vocabSize"');

    // `eval` on a milestone reproduces its eval unit exactly (same protocol, prompts, seeds and sampler).
    const cli = async (argv: string[]) => {
      let stdout = '';
      const code = await createFlopmatchCli().main(argv, {
        cwd,
        stdout: (t) => {
          stdout += t;
        },
        stderr: () => {},
        env: {},
      });
      expect(code, argv.join(' ')).toBe(0);
      return JSON.parse(stdout);
    };
    const checkpoint = join(out, 'units', train.unit);
    const again = await cli([
      'eval',
      '--checkpoint',
      checkpoint,
      '--milestone',
      '0',
      '--weights',
      'raw',
      '--json',
    ]);
    const unit = evals.find((e) => e.unit.endsWith('.m0.raw'))!;
    expect(again.quality).toEqual(unit.result.quality);
    expect(again.baseline).toEqual(unit.result.baseline);
    // `sample` writes the grid, the prompts and a cost record whose FLOPs are n × the per-image cost.
    const sampled = await cli([
      'sample',
      '--checkpoint',
      checkpoint,
      '--n',
      '4',
      '--steps',
      '3',
      '--out',
      'grid.png',
      '--json',
    ]);
    expect(sampled.cost.total.model).toBeCloseTo(4 * sampled.cost.flopsPerImage.model, 0);
    expect(sampled.cost.nfe).toBe(3);
    for (const f of ['grid.png', 'grid.prompts.json', 'grid.cost.json'])
      expect(existsSync(join(cwd, f)), f).toBe(true);
    // default prompts: the evaluation split's first captions, as the eval units' grids show them
    expect(await readGridPrompts(join(cwd, 'grid.png'))).toEqual({ prompts: gridPrompts[0] });
    expect(sampled.files.prompts).toBe(join(cwd, 'grid.prompts.json'));
  });

  it('survives SIGKILL mid-unit: the rerun resumes the unit, repeats no finished unit and matches the uninterrupted run', async () => {
    expect(reference.length).toBeGreaterThan(0);
    const cwd = await sweepDir();
    const out = join(cwd, 'runs', 'micro');
    const args = [
      'compare',
      '--config',
      'sweep.json',
      '--workers',
      '2',
      '--quiet',
      '--calibration',
      'stored',
    ];
    const child = spawnSource(cliScript, args, { cwd, detached: true });
    const exited = finished(child);
    // Kill once the codec's training (6 steps, a checkpoint every 2) has saved step 2 or 4: mid-unit.
    const latest = join(out, 'units', 'codec.vq', 'checkpoints', 'latest');
    let ready = false;
    for (let i = 0; i < 4800 && !ready; i++) {
      await sleep(25);
      ready = existsSync(latest) && /^step-[24]\s*$/.test(readFileSync(latest, 'utf8'));
    }
    expect(ready).toBe(true);
    process.kill(-child.pid!, 'SIGKILL'); // the CLI and its workers: the process group this test started
    expect((await exited).signal).toBe('SIGKILL');
    const before = new Set((await readResults(out)).map((r) => r.unit));
    expect(before.has('codec.vq')).toBe(false);
    const seen = (await readJsonl<RunEvent>(join(out, 'events.jsonl'))).records.length;

    const rerun = await finished(spawnSource(cliScript, args, { cwd }));
    expect(rerun.code, rerun.stderr).toBe(0);
    const events = (await readJsonl<RunEvent>(join(out, 'events.jsonl'))).records.slice(seen);
    const restarted = events.filter((e) => e.event === 'unit-start').map((e) => e.unit!);
    for (const unit of restarted) expect(before.has(unit), `${unit} ran again`).toBe(false);
    // The codec resumed from its checkpoint: its first progress after the restart is past step 1 of 6.
    const first = events.find((e) => e.unit === 'codec.vq' && e.event === 'unit-progress');
    expect(first?.fraction ?? 0).toBeGreaterThan((0.8 * 1.5) / 6);

    const lines = (await readFile(join(out, 'results.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(reference.length);
    expect(byUnit(await readResults(out))).toEqual(byUnit(reference));
  });
});
