/** A `UnitExecutor` that runs one unit at a time in the calling process (`--workers 0`, tests, debugging). */
import { LocalUnitRunner } from './local-runner.js';
import type { UnitExecutor, UnitJob, UnitListener, UnitOutcome } from './unit-executor.js';
import type { WorkerSetup } from './worker-protocol.js';

/** Runs units in this process, one at a time. */
export class InProcessExecutor implements UnitExecutor {
  readonly slots = 1;
  private readonly runner: LocalUnitRunner;
  private controller = new AbortController();
  constructor(setup: WorkerSetup) {
    this.runner = new LocalUnitRunner(setup);
  }
  execute(job: UnitJob, listener?: UnitListener): Promise<UnitOutcome> {
    return this.runner.run(job, listener, this.controller.signal);
  }
  stop(): void {
    this.controller.abort();
  }
  async close(): Promise<void> {}
}
