/**
 * `flopmatch compare`: plans a sweep into units, prints the plan (`--dry-run`) or runs it on a pool of
 * worker processes into a run directory, resuming whatever a previous run there left unfinished.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Command,
  type CommandArgs,
  type CommandContext,
  EXIT,
  JSON_OPTION,
  UsageError,
  writeJsonAtomic,
} from '@flopmatch/core';
import { type BackendRequest, initRuntime, type RuntimeInfo } from '@flopmatch/runtime';
import { saveBpeTokenizer } from '@flopmatch/text';
import { assemblePlan } from '../plan/assemble-plan.js';
import { buildPlan, UNIT_OVERHEAD_SECONDS } from '../plan/build-plan.js';
import {
  calibrationFromRate,
  calibrationFromRecords,
  probeMatmulFlopsPerSecond,
  storedCalibration,
} from '../plan/calibration.js';
import type { Calibration } from '../plan/estimate-time.js';
import { duration, renderPlan } from '../plan/render-plan.js';
import type { UnitSpec } from '../plan/unit-spec.js';
import { InProcessExecutor } from '../pool/in-process-executor.js';
import { ProcessPoolExecutor } from '../pool/process-pool-executor.js';
import type { UnitExecutor } from '../pool/unit-executor.js';
import type { WorkerEntry } from '../pool/worker-entry.js';
import type { ComponentRegistries } from '../registries/components.js';
import { defaultRegistries } from '../registries/default-registries.js';
import { promptTokenizer } from '../registries/prompt-tokenizer.js';
import { registryPricing } from '../registries/registry-pricing.js';
import { trainerPlanner } from '../registries/trainer-planner.js';
import { EventLog } from '../run/event-log.js';
import { ProgressView } from '../run/progress-view.js';
import { describeDevice, readProvenance } from '../run/provenance.js';
import { checkRunDir, openRunDir } from '../run/run-dir.js';
import { runSchedule } from '../run/scheduler.js';
import { stableHash } from '../run/stable-hash.js';
import { openJsonlResultsStore, readResults } from '../store/results-store.js';
import { RUN_FILES } from '../store/schema.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { TOKENIZER_FILE } from '../units/unit-support.js';

/** Options of `createCompareCommand` (tests and embedders; the CLI uses the defaults). */
export interface CompareCommandOptions {
  /** Registries before a sweep's plugins. Default `defaultRegistries()`. */
  registries?: () => ComponentRegistries;
  /** Module exporting `unitHandlers` for the workers instead of the built-in pipeline. Default: built-in. */
  handlersModule?: string;
  /** How to start workers. Default: resolved beside the running CLI. */
  workerEntry?: WorkerEntry;
}

function parseWorkers(value: unknown): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(
      `--workers must be a whole number ≥ 0, got '${String(value)}'`,
      'use 0 to run in this process, or 1, 2, …',
    );
  return n;
}

/** Builds the `compare` command. */
export function createCompareCommand(options: CompareCommandOptions = {}): Command {
  async function run(args: CommandArgs, ctx: CommandContext): Promise<number> {
    const v = args.values;
    const workers = parseWorkers(v.workers);
    const file = typeof v.config === 'string' ? v.config : undefined;
    let runtime: RuntimeInfo | undefined;
    const { sweep, preset, source, registries } = await loadSweep({
      ...(typeof v.preset === 'string' ? { preset: v.preset } : {}),
      ...(file ? { file } : {}),
      ...(args.overrides ? { overrides: args.overrides } : {}),
      cwd: ctx.cwd,
      registries: (options.registries ?? defaultRegistries)(),
      // Pricing builds codecs and objectives: the tensor runtime must be up before the sweep is checked.
      beforeCheck: async (s) => {
        runtime = await initRuntime({ backend: s.backend as BackendRequest });
      },
    });
    const out = resolve(ctx.cwd, typeof v.out === 'string' ? v.out : join('runs', preset ?? sweep.name));
    const units: UnitSpec[] = buildPlan(sweep, registryPricing(registries, trainerPlanner));
    await checkRunDir(out, sweep);
    const done = new Set((await readResults(out)).map((r) => r.unit));

    // Time estimate: rates measured in this run directory, else a matmul probe, else the stored numbers.
    if (!runtime) throw new Error('the tensor runtime did not start');
    let base: Calibration;
    if (v.calibration === 'stored') base = storedCalibration();
    else {
      const rate = await probeMatmulFlopsPerSecond(1);
      base = calibrationFromRate(
        rate,
        `probed ${(rate / 1e9).toFixed(1)} GFLOP/s matmul on ${runtime.backend} × per-kind efficiencies`,
      );
    }
    const calibration = calibrationFromRecords(await readResults(out), UNIT_OVERHEAD_SECONDS, base);
    const plan = assemblePlan({
      units,
      sweepHash: stableHash(sweep),
      calibration,
      workers: Math.max(1, workers),
      done,
    });
    const over = plan.estimatedSeconds > sweep.timeBudgetSeconds;

    if (v['dry-run']) {
      if (v.json)
        ctx.stdout(
          `${JSON.stringify({ sweep: source, out, preset: preset ?? null, ...plan, timeBudgetSeconds: sweep.timeBudgetSeconds, refused: over })}\n`,
        );
      else
        ctx.stdout(
          `sweep: ${source} → ${out}\n${renderPlan(plan, { done, timeBudgetSeconds: sweep.timeBudgetSeconds, verbose: v.verbose === true })}`,
        );
      return over ? EXIT.refused : EXIT.ok;
    }

    const quiet = v.quiet === true;
    const say = (text: string) => {
      if (!quiet) ctx.stderr(text);
    };
    if (over)
      say(
        `warning: estimated ${duration(plan.estimatedSeconds)} exceeds the sweep's budget of ${duration(sweep.timeBudgetSeconds)}\n`,
      );
    const provenance = readProvenance();
    await openRunDir({
      dir: out,
      sweep,
      preset,
      backend: runtime.backend,
      device: describeDevice(),
      provenance,
    });
    await writeJsonAtomic(join(out, RUN_FILES.plan), plan);
    const tokenizerPath = join(out, TOKENIZER_FILE);
    if (!existsSync(tokenizerPath))
      await saveBpeTokenizer(promptTokenizer(sweep.dataset, registries), tokenizerPath);
    const store = await openJsonlResultsStore(out);
    const setup = {
      backend: runtime.backend as BackendRequest,
      provenance,
      ...(options.handlersModule ? { handlersModule: options.handlersModule } : {}),
    };
    const executor: UnitExecutor =
      workers === 0
        ? new InProcessExecutor(setup)
        : new ProcessPoolExecutor({
            workers,
            setup,
            logFile: join(out, 'workers.log'),
            ...(options.workerEntry ? { entry: options.workerEntry } : {}),
          });
    const events = new EventLog(out);
    events.write({
      event: 'run-start',
      message: `${source}: ${units.length} units, ${done.size} done, ${workers} workers`,
    });
    say(
      `${source}: ${units.length - done.size} of ${units.length} units to run on ${Math.max(1, workers)} worker(s), about ${duration(plan.estimatedSeconds)} → ${out}\n`,
    );
    const view = new ProgressView({
      units,
      done,
      write: (t) => ctx.stderr(t),
      tty: process.stderr.isTTY === true,
      quiet,
    });
    const controller = new AbortController();
    const interrupt = () => {
      say('\nstopping: running units checkpoint and stop; rerun the same command to resume\n');
      controller.abort();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    let report: Awaited<ReturnType<typeof runSchedule>>;
    try {
      report = await runSchedule({
        units,
        runDir: out,
        store,
        executor,
        events,
        signal: controller.signal,
        onUpdate: (u) => view.update(u),
      });
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      await executor.close();
    }
    events.write({
      event: 'run-done',
      message: JSON.stringify({
        ran: report.ran.length,
        failed: report.failed.length,
        stopped: report.stopped.length,
      }),
    });
    await events.flush();
    const summary = `${report.ran.length} units run, ${report.reused.length} reused, ${report.failed.length} failed, ${report.blocked.length} blocked, ${report.stopped.length} stopped`;
    if (report.failed.length) {
      ctx.stderr(`${summary}\n`);
      for (const f of report.failed) ctx.stderr(`failed ${f.unit}:\n  ${f.error.replace(/\n/g, '\n  ')}\n`);
      ctx.stderr(
        `logs: ${join(out, RUN_FILES.events)}, ${join(out, 'workers.log')}; rerun the same command to retry\n`,
      );
      return EXIT.failure;
    }
    if (controller.signal.aborted || report.stopped.length) {
      ctx.stderr(`${summary}\nstopped; rerun the same command to resume\n`);
      return 130;
    }
    ctx.stdout(
      `${summary}\nresults: ${join(out, RUN_FILES.results)}\nreport: ${join(out, RUN_FILES.report, 'index.html')}\n`,
    );
    return EXIT.ok;
  }

  return {
    name: 'compare',
    summary: 'Compare flow, masked-token and next-token objectives at equal training FLOPs (resumable sweep)',
    examples: [
      'compare --preset demo',
      'compare --preset small --dry-run',
      'compare --preset paper --dry-run --verbose',
      'compare --config sweep.json --out runs/mine --workers 2',
      'compare --preset demo --training.seeds=[0,1] --quiet',
    ],
    options: {
      preset: {
        type: 'string',
        description:
          'demo (≤ 20 min, 2 CPU cores), small (≤ 2 h) or paper (dry-run here); default demo, none with --config',
      },
      config: { type: 'string', description: 'a sweep JSON file (laid over --preset when both are given)' },
      out: {
        type: 'string',
        description: 'run directory (default runs/<preset or sweep name>); rerunning into it resumes',
      },
      'dry-run': {
        type: 'boolean',
        default: false,
        description:
          'print the plan (units, ledger FLOPs, estimated time) and exit; exit 4 when over the time budget',
      },
      quiet: {
        type: 'boolean',
        default: false,
        description: 'no progress output (CI); events.jsonl still logs everything',
      },
      workers: {
        type: 'string',
        description: 'worker processes (default: one per core; 0 = in this process)',
      },
      calibration: {
        type: 'string',
        description: "time estimates from 'probe' (a 1 s matmul probe, default) or 'stored' numbers",
      },
      verbose: { type: 'boolean', default: false, description: 'with --dry-run, list every unit' },
      json: JSON_OPTION,
    },
    configOverrides: true,
    async run(args, ctx) {
      if (
        args.values.calibration !== undefined &&
        !['probe', 'stored'].includes(String(args.values.calibration))
      )
        throw new UsageError(
          `--calibration must be probe or stored, got '${String(args.values.calibration)}'`,
        );
      return run(args, ctx);
    },
  };
}
