/**
 * The scheduler: runs a plan's units on an executor, each as soon as every unit it depends on has a
 * result, as many at once as the executor has slots. Finished units are never run again: their records
 * are in the results store, and a record a unit wrote just before the scheduler died (its `result.json`)
 * is taken into the store on the next start. A failed unit blocks only the units downstream of it.
 */
import { FlopmatchError } from '@flopmatch/core';
import type { UnitSpec } from '../plan/unit-spec.js';
import type { UnitExecutor, UnitOutcome } from '../pool/unit-executor.js';
import type { ResultsStore } from '../store/results-store.js';
import type { UnitProgress } from '../units/unit-handler.js';
import type { EventLog } from './event-log.js';
import { readUnitResult } from './run-unit.js';

/** Options of `runSchedule`. */
export interface ScheduleOptions {
  units: readonly UnitSpec[];
  runDir: string;
  store: ResultsStore;
  executor: UnitExecutor;
  events?: EventLog;
  /** Called whenever a unit starts, progresses or ends. */
  onUpdate?: (update: ScheduleUpdate) => void;
  /** Abort to stop: running units checkpoint and stop, nothing new starts. */
  signal?: AbortSignal;
}

/** A change the scheduler reports. */
export type ScheduleUpdate =
  | { type: 'start'; unit: UnitSpec }
  | { type: 'progress'; unit: UnitSpec; progress: UnitProgress }
  | { type: 'end'; unit: UnitSpec; outcome: UnitOutcome['status'] };

/** What a schedule did. */
export interface ScheduleReport {
  /** Units run to completion in this session. */
  ran: string[];
  /** Units whose results already existed. */
  reused: string[];
  failed: { unit: string; error: string }[];
  /** Units not run because something they depend on failed. */
  blocked: string[];
  /** Units stopped on request (resume them by running again). */
  stopped: string[];
}

/** Checks ids are unique, dependencies exist, and there is no cycle; returns the units in a valid order. */
export function orderUnits(units: readonly UnitSpec[]): UnitSpec[] {
  const byId = new Map<string, UnitSpec>();
  for (const u of units) {
    if (byId.has(u.id)) throw new FlopmatchError('E_PLAN', `unit id '${u.id}' appears twice in the plan`);
    byId.set(u.id, u);
  }
  for (const u of units)
    for (const d of u.dependsOn)
      if (!byId.has(d)) throw new FlopmatchError('E_PLAN', `unit '${u.id}' depends on unknown unit '${d}'`);
  const out: UnitSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (u: UnitSpec, path: string[]) => {
    const s = state.get(u.id);
    if (s === 'done') return;
    if (s === 'visiting')
      throw new FlopmatchError('E_PLAN', `the plan has a dependency cycle: ${[...path, u.id].join(' → ')}`);
    state.set(u.id, 'visiting');
    for (const d of u.dependsOn) visit(byId.get(d)!, [...path, u.id]);
    state.set(u.id, 'done');
    out.push(u);
  };
  for (const u of units) visit(u, []);
  return out;
}

/** Runs every unit of a plan that has no result yet. */
export async function runSchedule(options: ScheduleOptions): Promise<ScheduleReport> {
  const { store, executor, events, runDir } = options;
  const units = orderUnits(options.units);
  const report: ScheduleReport = { ran: [], reused: [], failed: [], blocked: [], stopped: [] };

  // 1. Results written by a unit whose scheduler died before storing them.
  for (const u of units) {
    if (store.has(u.id)) continue;
    const record = await readUnitResult(runDir, u);
    if (record) await store.put(record);
  }
  const pending = units.filter((u) => {
    if (store.has(u.id)) report.reused.push(u.id);
    return !store.has(u.id);
  });

  // 2. Dispatch ready units until nothing can run.
  const running = new Map<string, Promise<{ unit: UnitSpec; outcome: UnitOutcome }>>();
  const dead = new Set<string>();
  const signal = options.signal;
  signal?.addEventListener('abort', () => executor.stop(), { once: true });
  const blockDownstream = (id: string) => {
    for (const u of pending) {
      if (!dead.has(u.id) && u.dependsOn.some((d) => d === id || dead.has(d))) {
        dead.add(u.id);
        report.blocked.push(u.id);
        blockDownstream(u.id);
      }
    }
  };
  for (;;) {
    if (!signal?.aborted) {
      for (const u of pending) {
        if (running.size >= executor.slots) break;
        if (running.has(u.id) || dead.has(u.id) || store.has(u.id)) continue;
        if (!u.dependsOn.every((d) => store.has(d))) continue;
        const dependencies = u.dependsOn.map((d) => store.get(d)!);
        options.onUpdate?.({ type: 'start', unit: u });
        events?.write({ event: 'unit-start', unit: u.id, message: u.summary });
        const started = executor
          .execute(
            { unit: u, runDir, dependencies },
            {
              onStart: ({ pid }) =>
                events?.write({ event: 'log', unit: u.id, pid, message: `running in ${pid}` }),
              onProgress: (progress) => {
                options.onUpdate?.({ type: 'progress', unit: u, progress });
                events?.write({
                  event: 'unit-progress',
                  unit: u.id,
                  fraction: Math.min(1, Math.max(0, progress.fraction)),
                  ...(progress.flops !== undefined ? { flops: progress.flops } : {}),
                  ...(progress.message ? { message: progress.message } : {}),
                });
              },
              onLog: (message) => events?.write({ event: 'log', unit: u.id, message }),
            },
          )
          .then((outcome) => ({ unit: u, outcome }));
        running.set(u.id, started);
      }
    }
    if (running.size === 0) break;
    const { unit, outcome } = await Promise.race(running.values());
    running.delete(unit.id);
    if (outcome.status === 'done') {
      await store.put(outcome.record);
      report.ran.push(unit.id);
      events?.write({ event: 'unit-done', unit: unit.id });
    } else if (outcome.status === 'failed') {
      report.failed.push({ unit: unit.id, error: outcome.error });
      dead.add(unit.id);
      blockDownstream(unit.id);
      events?.write({ event: 'unit-failed', unit: unit.id, message: outcome.error });
    } else {
      report.stopped.push(unit.id);
      events?.write({ event: 'log', unit: unit.id, message: 'stopped; rerun to resume' });
    }
    options.onUpdate?.({ type: 'end', unit, outcome: outcome.status });
  }
  await events?.flush();
  return report;
}
