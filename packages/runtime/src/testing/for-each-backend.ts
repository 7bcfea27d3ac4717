/**
 * One conformance suite, run once per backend (STYLE.md habit 13, after tfjs's `describeWithFlags`): the
 * same tests execute on `cpu` (the reference) and `wasm` (the fast CPU path), each in its own `describe`
 * block that activates its backend first. A backend that cannot load here is skipped with the reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe } from 'vitest';
import { type BackendName, TFJS_BACKEND_ID } from '../backend-names.js';
import { initRuntime } from '../init-runtime.js';

/** Options of `forEachBackend`. */
export interface ForEachBackendOptions {
  /**
   * Backends to skip on purpose, each with the reason shown in the suite name
   * (`wasm (skipped: lacks Conv3DBackpropFilter)`). Default: none.
   */
  skip?: Partial<Record<BackendName, string>>;
  /**
   * Fail (instead of skip) when a listed backend cannot be loaded. Default: true for `cpu` and `wasm`
   * (they ship with `@flopmatch/runtime` and must always work), false for optional backends.
   */
  required?: (backend: BackendName) => boolean;
}

const ALWAYS_AVAILABLE: readonly BackendName[] = ['cpu', 'wasm'];

/**
 * Declares `body`'s tests once per backend, inside `describe('<backend>')`. Before the block's first test
 * the backend is initialised with `initRuntime`; before each test it is made active again (so blocks can
 * be interleaved with suites that switch backends).
 *
 * @example
 * forEachBackend(['cpu', 'wasm'], (backend) => {
 *   it('adds', async () => {
 *     expect(await tf.add(1, 2).data()).toEqual(new Float32Array([3]));
 *   });
 * });
 */
export function forEachBackend(
  backends: readonly BackendName[],
  body: (backend: BackendName) => void,
  options: ForEachBackendOptions = {},
): void {
  const required = options.required ?? ((b: BackendName) => ALWAYS_AVAILABLE.includes(b));
  for (const backend of backends) {
    const reason = options.skip?.[backend];
    if (reason !== undefined) {
      describe.skip(`${backend} (skipped: ${reason})`, () => body(backend));
      continue;
    }
    describe(backend, () => {
      let unavailable: string | undefined;
      beforeAll(async () => {
        try {
          await initRuntime({ backend });
        } catch (error) {
          if (required(backend)) throw error;
          unavailable = (error as Error).message.split('\n')[0];
        }
      });
      beforeEach(async (context) => {
        if (unavailable !== undefined) context.skip(`${backend} is not available here: ${unavailable}`);
        if (tf.getBackend() !== TFJS_BACKEND_ID[backend]) await initRuntime({ backend });
      });
      body(backend);
    });
  }
}
