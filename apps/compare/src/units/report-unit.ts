/** The `report` unit: writes the HTML report from every record of the run (`src/report`'s `writeReport`). */
import { writeReport } from '../report/write-report.js';
import type { UnitHandler } from './unit-handler.js';
import { runRelative } from './unit-support.js';

/** Runs the `report` unit. */
export const reportUnit: UnitHandler<'report'> = {
  kind: 'report',
  async run(ctx) {
    const written = await writeReport(ctx.runDir);
    ctx.progress({ fraction: 1 });
    return {
      seeds: {},
      flops: { model: 0, executed: 0 },
      result: { path: runRelative(ctx.runDir, written.htmlPath) },
    };
  },
};
