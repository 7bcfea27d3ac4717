/**
 * A child-process driver for pool tests: runs a small plan of counting units (see `counting-units.ts`)
 * through `ProcessPoolExecutor` into the run directory given as the first argument and prints the
 * schedule report as JSON. Tests kill it with SIGKILL mid-unit and run it again.
 *
 *   node --conditions=@flopmatch/source --import ./src/pool/source-register.mjs \
 *     src/testing/counting-schedule.ts <runDir> [workers]
 */
import { fileURLToPath } from 'node:url';
import { ProcessPoolExecutor } from '../pool/process-pool-executor.js';
import { EventLog } from '../run/event-log.js';
import { runSchedule } from '../run/scheduler.js';
import { openJsonlResultsStore } from '../store/results-store.js';
import { countingLrPickUnit, countingTrainUnit } from './counting-units.js';

/** The plan the driver runs: two counting trainings and an lr-pick after each. */
export const COUNTING_PLAN = [
  countingTrainUnit('train.a', { steps: 24, stepMs: 60, checkpointEvery: 4, seed: 1, flopsPerStep: 1000 }),
  countingTrainUnit('train.b', { steps: 12, stepMs: 30, checkpointEvery: 4, seed: 2, flopsPerStep: 500 }),
  countingLrPickUnit('lr-pick.a', 'train.a', [1e-3, 2e-3, 3e-3]),
  countingLrPickUnit('lr-pick.b', 'train.b', [1e-3, 2e-3, 3e-3]),
];

async function main(): Promise<void> {
  const [runDir, workers = '2'] = process.argv.slice(2);
  if (!runDir) throw new Error('usage: counting-schedule.ts <runDir> [workers]');
  const store = await openJsonlResultsStore(runDir);
  const executor = new ProcessPoolExecutor({
    workers: Number(workers),
    setup: {
      backend: 'cpu',
      provenance: { gitCommit: null, gitDirty: false },
      handlersModule: fileURLToPath(new URL('./counting-units.ts', import.meta.url)),
    },
  });
  const report = await runSchedule({
    units: COUNTING_PLAN,
    runDir,
    store,
    executor,
    events: new EventLog(runDir, 0),
  });
  await executor.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
