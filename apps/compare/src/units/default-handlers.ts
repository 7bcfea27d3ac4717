/**
 * The built-in pipeline: one handler per unit kind, composing the packages through their public APIs.
 * Worker processes load this module lazily (it pulls in every package).
 */
import { codecUnit } from './codec-unit.js';
import { evalNetsUnit } from './eval-nets-unit.js';
import { evalUnit } from './eval-unit.js';
import { inferenceUnit } from './inference-unit.js';
import { latentsUnit } from './latents-unit.js';
import { lrPickUnit } from './lr-pick-unit.js';
import { reportUnit } from './report-unit.js';
import { trainUnit } from './train-unit.js';
import type { UnitHandlers } from './unit-handler.js';

/** The handlers `flopmatch compare` runs units with. */
export function defaultUnitHandlers(): UnitHandlers {
  return {
    'eval-nets': evalNetsUnit,
    codec: codecUnit,
    latents: latentsUnit,
    'lr-pick': lrPickUnit,
    train: trainUnit,
    eval: evalUnit,
    inference: inferenceUnit,
    report: reportUnit,
  };
}
