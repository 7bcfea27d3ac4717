/** Messages between the scheduler and its worker processes (Node IPC, structured-clone JSON). */
import type { BackendRequest } from '@flopmatch/runtime';
import type { Provenance } from '../run/provenance.js';
import type { UnitRecord } from '../store/schema.js';
import type { UnitProgress } from '../units/unit-handler.js';
import type { UnitJob } from './unit-executor.js';

/** How a worker sets itself up (sent with every job; applied once per process). */
export interface WorkerSetup {
  backend: BackendRequest;
  provenance: Provenance;
  /**
   * Module (absolute path or file URL) exporting `unitHandlers: UnitHandlers` used instead of the
   * built-in pipeline handlers (tests, custom pipelines). Default: the built-in handlers.
   */
  handlersModule?: string;
}

/** Scheduler → worker. */
export type ToWorker = { type: 'run'; job: UnitJob; setup: WorkerSetup } | { type: 'stop' };

/** Worker → scheduler. */
export type FromWorker =
  | { type: 'start'; unit: string; pid: number }
  | { type: 'progress'; unit: string; update: UnitProgress }
  | { type: 'log'; unit: string; message: string }
  | { type: 'done'; unit: string; record: UnitRecord }
  | { type: 'stopped'; unit: string }
  | { type: 'failed'; unit: string; error: string };
