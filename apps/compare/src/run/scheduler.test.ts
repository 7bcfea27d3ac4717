import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { InProcessExecutor } from '../pool/in-process-executor.js';
import { openJsonlResultsStore } from '../store/results-store.js';
import { countingLrPickUnit, countingTrainUnit, unitHandlers } from '../testing/counting-units.js';
import { EventLog } from './event-log.js';
import { orderUnits, runSchedule } from './scheduler.js';

const handlersModule = new URL('../testing/counting-units.ts', import.meta.url).href;
const setup = { backend: 'cpu' as const, provenance: { gitCommit: null, gitDirty: false }, handlersModule };
const train = (id: string, seed: number) =>
  countingTrainUnit(id, { steps: 6, stepMs: 0, checkpointEvery: 2, seed, flopsPerStep: 10 });

describe('runSchedule', () => {
  it('runs units after their dependencies, stores each once and reuses them on a rerun', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'fm-sched-'));
    const units = [countingLrPickUnit('lr-pick.a', 'train.a', [1, 2, 3]), train('train.a', 3)];
    const store = await openJsonlResultsStore(runDir);
    const first = await runSchedule({
      units,
      runDir,
      store,
      executor: new InProcessExecutor(setup),
      events: new EventLog(runDir, 0),
    });
    expect(first).toEqual({
      ran: ['train.a', 'lr-pick.a'],
      reused: [],
      failed: [],
      blocked: [],
      stopped: [],
    });
    const trained = store.get('train.a');
    expect(trained?.kind).toBe('train');
    if (trained?.kind !== 'train') return;
    // Six steps of 10 FLOPs; the loss is the running sum of the run's uniform draws, logged per step.
    expect(trained.manifest.flops).toEqual({ model: 60, executed: 60 });
    expect(trained.result.lossCurve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const pick = store.get('lr-pick.a');
    const final = trained.result.milestones[0]!.loss;
    expect(pick?.kind === 'lr-pick' && pick.result.chosen).toBe([1, 2, 3][Math.round(final) % 3]);

    const again = await openJsonlResultsStore(runDir);
    const second = await runSchedule({ units, runDir, store: again, executor: new InProcessExecutor(setup) });
    expect(second.ran).toEqual([]);
    expect(second.reused).toEqual(['train.a', 'lr-pick.a']);
    const events = (await readJsonl<{ event: string; unit?: string }>(join(runDir, 'events.jsonl'))).records;
    expect(events.filter((e) => e.event === 'unit-start').map((e) => e.unit)).toEqual([
      'train.a',
      'lr-pick.a',
    ]);
  });

  it('takes a result.json written before the scheduler died into the store without rerunning', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'fm-sched-'));
    const units = [train('train.a', 1)];
    await runSchedule({
      units,
      runDir,
      store: await openJsonlResultsStore(runDir),
      executor: new InProcessExecutor(setup),
    });
    const line = await readFile(join(runDir, 'results.jsonl'), 'utf8');
    // Simulate the scheduler dying between the worker's result.json and the store append.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(runDir, 'results.jsonl'), '');
    const store = await openJsonlResultsStore(runDir);
    const report = await runSchedule({ units, runDir, store, executor: new InProcessExecutor(setup) });
    expect(report).toMatchObject({ ran: [], reused: ['train.a'] });
    expect(await readFile(join(runDir, 'results.jsonl'), 'utf8')).toBe(line);
  });

  it('reports a failed unit with its error and blocks only what depends on it', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'fm-sched-'));
    const codec = { ...train('codec.bad', 0), kind: 'codec' as const, id: 'codec.bad' };
    const units = [codec, countingLrPickUnit('lr-pick.bad', 'codec.bad', [1]), train('train.ok', 2)];
    const report = await runSchedule({
      units,
      runDir,
      store: await openJsonlResultsStore(runDir),
      executor: new InProcessExecutor(setup),
    });
    expect(report.ran).toEqual(['train.ok']);
    expect(report.blocked).toEqual(['lr-pick.bad']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatch(/counting codec unit 'codec.bad' fails on purpose/);
    expect(unitHandlers.codec).toBeDefined();
  });

  it('refuses plans with unknown dependencies, duplicates and cycles', () => {
    const a = train('a', 0);
    expect(() => orderUnits([{ ...a, dependsOn: ['nope'] }])).toThrow(/'a' depends on unknown unit 'nope'/);
    expect(() => orderUnits([a, a])).toThrow(/'a' appears twice/);
    expect(() =>
      orderUnits([
        { ...a, dependsOn: ['b'] },
        { ...train('b', 0), dependsOn: ['a'] },
      ]),
    ).toThrow(/cycle: a → b → a/);
  });
});
