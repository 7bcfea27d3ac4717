import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { runSchedule } from '../run/scheduler.js';
import { openJsonlResultsStore, readResults } from '../store/results-store.js';
import type { RunEvent, UnitRecord } from '../store/schema.js';
import { COUNTING_PLAN } from '../testing/counting-schedule.js';
import { finished, spawnSource } from '../testing/spawn-source.js';
import { InProcessExecutor } from './in-process-executor.js';

const driver = fileURLToPath(new URL('../testing/counting-schedule.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function events(runDir: string): Promise<RunEvent[]> {
  return (await readJsonl<RunEvent>(join(runDir, 'events.jsonl')).catch(() => ({ records: [] }))).records;
}

/** What must not depend on when or how often a unit ran. */
function comparable(r: UnitRecord) {
  return {
    unit: r.unit,
    kind: r.kind,
    result: r.result,
    flops: r.manifest.flops,
    configHash: r.manifest.configHash,
    seeds: r.manifest.seeds,
  };
}

/** A process that exists and is not a zombie (an exited child nobody has reaped yet). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('ProcessPoolExecutor', () => {
  it('survives SIGKILL of the whole run mid-unit: the rerun resumes, repeats no finished unit, matches an uninterrupted run', async () => {
    // The reference: the same plan, uninterrupted, in this process.
    const reference = await mkdtemp(join(tmpdir(), 'fm-pool-ref-'));
    const ref = await runSchedule({
      units: COUNTING_PLAN,
      runDir: reference,
      store: await openJsonlResultsStore(reference),
      executor: new InProcessExecutor({
        backend: 'cpu',
        provenance: { gitCommit: null, gitDirty: false },
        handlersModule: new URL('../testing/counting-units.ts', import.meta.url).href,
      }),
    });
    expect(ref.ran.sort()).toEqual(['lr-pick.a', 'lr-pick.b', 'train.a', 'train.b']);

    const runDir = await mkdtemp(join(tmpdir(), 'fm-pool-kill-'));
    const child = spawnSource(driver, [runDir, '2'], { detached: true });
    const exited = finished(child);
    // Wait until train.a is past two checkpoints (8 steps of 1000 FLOPs) but not done.
    let progressed = false;
    for (let i = 0; i < 600 && !progressed; i++) {
      await sleep(25);
      progressed = (await events(runDir)).some((e) => e.unit === 'train.a' && (e.flops ?? 0) >= 9000);
    }
    expect(progressed).toBe(true);
    const workerPids = (await events(runDir)).filter((e) => e.pid !== undefined).map((e) => e.pid!);
    process.kill(-child.pid!, 'SIGKILL'); // the driver and its workers: one process group we started
    expect((await exited).signal).toBe('SIGKILL');
    await sleep(200);
    for (const pid of workerPids) expect(alive(pid), `worker ${pid} outlived the kill`).toBe(false);

    const before = new Set((await readResults(runDir)).map((r) => r.unit));
    expect(before.has('train.a')).toBe(false);
    const killedAt = (await events(runDir)).length;

    const rerun = await finished(spawnSource(driver, [runDir, '2']));
    expect(rerun.code, rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout) as { ran: string[]; reused: string[] };
    expect(report.reused.sort()).toEqual([...before].sort());
    for (const unit of report.ran) expect(before.has(unit)).toBe(false);
    const after = (await events(runDir)).slice(killedAt);
    expect(
      after
        .filter((e) => e.event === 'unit-start')
        .map((e) => e.unit)
        .sort(),
    ).toEqual(report.ran.sort());
    const resumed = after.find((e) => e.unit === 'train.a' && /resumed from step/.test(e.message ?? ''));
    expect(Number(/step (\d+)/.exec(resumed?.message ?? '')?.[1])).toBeGreaterThanOrEqual(8);

    const got = (await readResults(runDir)).map(comparable).sort((a, b) => a.unit.localeCompare(b.unit));
    const want = (await readResults(reference)).map(comparable).sort((a, b) => a.unit.localeCompare(b.unit));
    expect(got).toEqual(want);
    expect(new Set(got.map((r) => r.unit)).size).toBe(got.length);
    expect((await readFile(join(runDir, 'results.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);
  });
});
