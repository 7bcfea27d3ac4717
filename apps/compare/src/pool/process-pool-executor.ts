/**
 * A `UnitExecutor` over local worker processes, one unit per process at a time. With the wasm backend a
 * process computes on one core, so the default is one worker per core. Workers start lazily, are reused
 * across units, and are replaced when one dies; a dead worker fails only the unit it was running.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { UnitExecutor, UnitJob, UnitListener, UnitOutcome } from './unit-executor.js';
import { resolveWorkerEntry, type WorkerEntry } from './worker-entry.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol.js';

/** Options of `ProcessPoolExecutor`. */
export interface ProcessPoolOptions {
  /** Worker processes. Default: one per core (`os.availableParallelism()`). */
  workers?: number;
  /** Sent to every worker with its jobs. */
  setup: WorkerSetup;
  /** How to start a worker. Default: `resolveWorkerEntry()`. */
  entry?: WorkerEntry;
  /** File the workers' stdout and stderr are appended to. Default: discarded (the tail is kept for errors). */
  logFile?: string;
  /** Extra environment for workers. Default: this process's environment. */
  env?: Record<string, string | undefined>;
}

interface Worker {
  child: ChildProcess;
  busy: boolean;
  /** The last output lines, for the error of a unit whose worker died. */
  tail: string[];
  finish?: (outcome: UnitOutcome) => void;
  listener?: UnitListener;
  unit?: string;
}

/** Runs units in a pool of worker processes. */
export class ProcessPoolExecutor implements UnitExecutor {
  readonly slots: number;
  private readonly workers: Worker[] = [];
  private readonly entry: WorkerEntry;
  private closed = false;

  constructor(private readonly options: ProcessPoolOptions) {
    this.slots = Math.max(1, options.workers ?? availableParallelism());
    this.entry = options.entry ?? resolveWorkerEntry();
  }

  private spawn(): Worker {
    const child = fork(this.entry.script, [], {
      execArgv: this.entry.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...this.options.env },
      serialization: 'advanced',
    });
    const worker: Worker = { child, busy: false, tail: [] };
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      worker.tail.push(...text.split('\n').filter(Boolean));
      if (worker.tail.length > 40) worker.tail.splice(0, worker.tail.length - 40);
      if (this.options.logFile) {
        try {
          appendFileSync(this.options.logFile, text.replace(/^(?=.)/gm, `[${child.pid}] `));
        } catch {
          // The log is best effort; a unit's error carries the tail anyway.
        }
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', (message: FromWorker) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => {
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
      if (worker.finish) {
        const finish = worker.finish;
        worker.finish = undefined;
        finish({
          status: 'failed',
          error: `worker ${child.pid} exited (${signal ? `signal ${signal}` : `code ${code}`}) while running '${worker.unit}'${worker.tail.length ? `; last output:\n${worker.tail.slice(-12).join('\n')}` : ''}`,
        });
      }
    });
    this.workers.push(worker);
    return worker;
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    const l = worker.listener;
    switch (message.type) {
      case 'start':
        l?.onStart?.({ pid: message.pid });
        return;
      case 'progress':
        l?.onProgress?.(message.update);
        return;
      case 'log':
        l?.onLog?.(message.message);
        return;
      default: {
        const finish = worker.finish;
        worker.finish = undefined;
        worker.busy = false;
        worker.listener = undefined;
        if (!finish) return;
        if (message.type === 'done') finish({ status: 'done', record: message.record });
        else if (message.type === 'stopped') finish({ status: 'stopped' });
        else finish({ status: 'failed', error: message.error });
      }
    }
  }

  execute(job: UnitJob, listener?: UnitListener): Promise<UnitOutcome> {
    if (this.closed) return Promise.resolve({ status: 'stopped' });
    const worker =
      this.workers.find((w) => !w.busy) ?? (this.workers.length < this.slots ? this.spawn() : undefined);
    if (!worker) {
      return Promise.resolve({
        status: 'failed',
        error: `all ${this.slots} workers are busy; the scheduler dispatched more units than slots`,
      });
    }
    worker.busy = true;
    worker.unit = job.unit.id;
    worker.listener = listener;
    return new Promise((resolve) => {
      worker.finish = resolve;
      const message: ToWorker = { type: 'run', job, setup: this.options.setup };
      worker.child.send(message);
    });
  }

  stop(): void {
    for (const w of this.workers)
      if (w.busy && w.child.connected) w.child.send({ type: 'stop' } satisfies ToWorker);
  }

  async close(): Promise<void> {
    this.closed = true;
    const exits = this.workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.child.exitCode !== null || w.child.signalCode !== null) resolve();
          else w.child.once('exit', () => resolve());
        }),
    );
    for (const w of this.workers) if (w.child.connected) w.child.disconnect();
    await Promise.all(exits);
  }
}
