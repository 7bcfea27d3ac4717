/** The text of `flopmatch compare --dry-run`: units by kind with FLOPs and time, the total and the verdict. */
import type { Plan, UnitKind } from '../store/schema.js';
import { UNIT_KINDS } from '../store/schema.js';

/** `1.23e12`-style FLOPs. */
export const flops = (n: number) => (n === 0 ? '0' : n.toExponential(2));

/** Seconds as `1h 02m`, `3m 05s` or `12s`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Options of `renderPlan`. */
export interface RenderPlanOptions {
  /** Units already finished in the run directory. */
  done: ReadonlySet<string>;
  timeBudgetSeconds: number;
  /** Show every unit, not only the per-kind summary. Default false. */
  verbose?: boolean;
}

/** The dry-run report. */
export function renderPlan(plan: Plan, options: RenderPlanOptions): string {
  const lines: string[] = [];
  const byKind = new Map<UnitKind, Plan['units']>();
  for (const u of plan.units) byKind.set(u.kind, [...(byKind.get(u.kind) ?? []), u]);
  lines.push(
    `plan: ${plan.units.length} units (${options.done.size} already done), ${plan.workers} worker${plan.workers === 1 ? '' : 's'}`,
  );
  lines.push('');
  lines.push('kind        units   done   model FLOPs   executed FLOPs   est. time (one worker)');
  for (const kind of UNIT_KINDS) {
    const units = byKind.get(kind);
    if (!units) continue;
    const model = units.reduce((s, u) => s + u.flops.model, 0);
    const executed = units.reduce((s, u) => s + u.flops.executed, 0);
    const seconds = units.reduce((s, u) => s + u.estimatedSeconds, 0);
    const done = units.filter((u) => options.done.has(u.id)).length;
    lines.push(
      `${kind.padEnd(10)} ${String(units.length).padStart(6)} ${String(done).padStart(6)}   ${flops(model).padStart(11)}   ${flops(executed).padStart(14)}   ${duration(seconds).padStart(9)}`,
    );
  }
  lines.push(
    `${'total'.padEnd(10)} ${String(plan.units.length).padStart(6)} ${String(options.done.size).padStart(6)}   ${flops(plan.totalFlops.model).padStart(11)}   ${flops(plan.totalFlops.executed).padStart(14)}`,
  );
  if (options.verbose) {
    lines.push('', 'units (in order):');
    for (const u of plan.units)
      lines.push(
        `  ${options.done.has(u.id) ? 'done' : '    '} ${u.id.padEnd(44)} ${flops(u.flops.model).padStart(9)}  ${duration(u.estimatedSeconds).padStart(7)}  ${u.summary}`,
      );
  }
  lines.push('');
  lines.push(`rates: ${plan.calibration}`);
  lines.push(
    `estimated wall-clock time left: ${duration(plan.estimatedSeconds)} with ${plan.workers} worker${plan.workers === 1 ? '' : 's'} (budget ${duration(options.timeBudgetSeconds)})`,
  );
  lines.push(
    plan.estimatedSeconds <= options.timeBudgetSeconds
      ? 'within the time budget'
      : `over the time budget by ${duration(plan.estimatedSeconds - options.timeBudgetSeconds)}: refused (shrink the sweep, add workers, or raise timeBudgetSeconds)`,
  );
  return `${lines.join('\n')}\n`;
}
