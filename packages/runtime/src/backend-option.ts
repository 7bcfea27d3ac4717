import { BACKEND_NAMES } from './backend-names.js';

/**
 * The `--backend` option of a command that computes (a core CLI option spec): a backend name or `auto`,
 * default `wasm` (fast on CPU and deterministic). Pass its value to `initRuntime({ backend })`.
 *
 * @example
 * options: { backend: BACKEND_OPTION, json: JSON_OPTION }
 */
export const BACKEND_OPTION = {
  type: 'string' as const,
  default: 'wasm',
  description: `tensor backend: auto, ${BACKEND_NAMES.join(', ')} (default wasm: fast on CPU and deterministic)`,
};
