/**
 * Runs jobs in the current process: initialises the tensor runtime once, loads the unit handlers once, and
 * runs each job through `runUnit`. Worker processes use it for every job they receive; the in-process
 * executor uses it directly.
 */
import { pathToFileURL } from 'node:url';
import { FlopmatchError } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { describeDevice } from '../run/provenance.js';
import { runUnit } from '../run/run-unit.js';
import type { UnitHandlers } from '../units/unit-handler.js';
import type { UnitJob, UnitListener, UnitOutcome } from './unit-executor.js';
import type { WorkerSetup } from './worker-protocol.js';

/** Loads `unitHandlers` from a module path or URL, or the built-in pipeline handlers. */
export async function loadHandlers(module: string | undefined): Promise<UnitHandlers> {
  if (!module) return (await import('../units/default-handlers.js')).defaultUnitHandlers();
  const url = module.startsWith('file:') ? module : pathToFileURL(module).href;
  const loaded = (await import(url)) as { unitHandlers?: UnitHandlers };
  if (!loaded.unitHandlers) {
    throw new FlopmatchError(
      'E_UNIT',
      `${module} exports no 'unitHandlers'`,
      'export const unitHandlers = { … }',
    );
  }
  return loaded.unitHandlers;
}

/** Describes an error for a `failed` outcome: the message, plus the stack for non-flopmatch errors. */
export function describeError(error: unknown): string {
  if (error instanceof FlopmatchError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** Runs jobs in this process. */
export class LocalUnitRunner {
  private handlers: Promise<UnitHandlers> | undefined;
  private runtime: Promise<string> | undefined;
  constructor(private readonly setup: WorkerSetup) {}

  /** Runs one job; a thrown error becomes a `failed` outcome. */
  async run(
    job: UnitJob,
    listener: UnitListener = {},
    signal?: AbortSignal,
    mayCommit?: () => boolean,
  ): Promise<UnitOutcome> {
    try {
      this.runtime ??= initRuntime({ backend: this.setup.backend }).then((info) => info.backend);
      this.handlers ??= loadHandlers(this.setup.handlersModule);
      const [backend, handlers] = await Promise.all([this.runtime, this.handlers]);
      listener.onStart?.({ pid: process.pid });
      const record = await runUnit({
        unit: job.unit,
        runDir: job.runDir,
        dependencies: job.dependencies,
        handlers,
        backend,
        device: describeDevice(),
        provenance: this.setup.provenance,
        ...(signal ? { signal } : {}),
        ...(mayCommit ? { mayCommit } : {}),
        onProgress: (u) => listener.onProgress?.(u),
        onLog: (m) => listener.onLog?.(m),
      });
      return record ? { status: 'done', record } : { status: 'stopped' };
    } catch (error) {
      if (signal?.aborted) return { status: 'stopped' };
      return { status: 'failed', error: describeError(error) };
    }
  }
}
