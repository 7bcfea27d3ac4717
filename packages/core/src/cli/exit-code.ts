import { FlopmatchError } from '../errors.js';
import { EXIT } from './command.js';

/** Error codes that mean the user's input (command line, config, component id) is wrong. */
const USAGE_CODES = new Set(['E_CONFIG', 'E_USAGE', 'E_NO_SUCH_COMPONENT']);
/** Error codes that mean a resource (file, backend, dataset) is missing. */
const UNAVAILABLE_CODES = new Set(['E_NOT_FOUND', 'E_BACKEND_UNAVAILABLE']);

/**
 * The process exit code for an error a command threw (see `EXIT`): config/usage → 2, missing resource
 * (`E_NOT_FOUND`, `*_UNAVAILABLE`, `*_NOT_FOUND`) → 3, `E_REFUSED` → 4, any other error → 1.
 */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof FlopmatchError)) return EXIT.failure;
  const { code } = error;
  if (USAGE_CODES.has(code)) return EXIT.usage;
  if (UNAVAILABLE_CODES.has(code) || code.endsWith('_UNAVAILABLE') || code.endsWith('_NOT_FOUND'))
    return EXIT.unavailable;
  if (code === 'E_REFUSED') return EXIT.refused;
  return EXIT.failure;
}
