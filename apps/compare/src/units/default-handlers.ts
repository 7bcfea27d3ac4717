/**
 * The built-in pipeline: one handler per unit kind, composing the packages through their public APIs.
 * Worker processes load this module lazily (it pulls in every package).
 */
import type { UnitHandlers } from './unit-handler.js';

/** The handlers `flopmatch compare` runs units with. */
export function defaultUnitHandlers(): UnitHandlers {
  return {};
}
