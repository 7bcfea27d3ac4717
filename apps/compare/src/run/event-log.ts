/**
 * `events.jsonl`: what happened during a run, one JSON object per line (unit started, progress, done,
 * failed …), appended in order. Progress lines are thinned to one per unit every few seconds.
 */

import { join } from 'node:path';
import { appendJsonl } from '@flopmatch/core';
import { RUN_FILES, type RunEvent } from '../store/schema.js';

/** Appends run events to `<runDir>/events.jsonl`. */
export class EventLog {
  private chain: Promise<void> = Promise.resolve();
  private readonly lastProgress = new Map<string, number>();
  readonly path: string;

  /**
   * @param runDir the run directory
   * @param progressIntervalMs least milliseconds between two progress lines of one unit (default 2000)
   */
  constructor(
    runDir: string,
    private readonly progressIntervalMs = 2000,
  ) {
    this.path = join(runDir, RUN_FILES.events);
  }

  /** Queues an event (time filled in); `flush` waits for every queued write. */
  write(event: Omit<RunEvent, 'time'>): void {
    if (event.event === 'unit-progress' && event.unit) {
      const now = Date.now();
      const last = this.lastProgress.get(event.unit) ?? 0;
      if (now - last < this.progressIntervalMs) return;
      this.lastProgress.set(event.unit, now);
    }
    const record: RunEvent = { time: new Date().toISOString(), ...event };
    this.chain = this.chain.then(() => appendJsonl(this.path, record)).catch(() => {});
  }

  /** Resolves once every queued event is on disk. */
  flush(): Promise<void> {
    return this.chain;
  }
}
