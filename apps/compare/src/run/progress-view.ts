/**
 * Progress of a run for people: an overall bar whose ETA is the executed FLOPs left over the FLOP/s
 * measured in this session, and one bar per running unit. On a terminal the block redraws in place; in a
 * log (not a TTY) one line per unit start and end, and the overall line every `logEverySeconds`. `quiet`
 * prints nothing (CI); `events.jsonl` has everything either way.
 */
import { duration, flops } from '../plan/render-plan.js';
import type { UnitSpec } from '../plan/unit-spec.js';
import type { ScheduleUpdate } from './scheduler.js';

/** Options of `ProgressView`. */
export interface ProgressViewOptions {
  units: readonly UnitSpec[];
  /** Units finished before this session. */
  done: ReadonlySet<string>;
  write(text: string): void;
  /** Redraw in place (a terminal). */
  tty: boolean;
  quiet: boolean;
  /** Seconds between overall lines in a log. Default 30. */
  logEverySeconds?: number;
  /** Clock in ms (tests). Default `performance.now`. */
  now?: () => number;
}

/** A text bar of `width` cells for a fraction in [0, 1]. */
export function bar(fraction: number, width = 24): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.floor(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** Renders schedule updates as progress. */
export class ProgressView {
  private readonly total: number;
  private finished = 0;
  private readonly running = new Map<string, { unit: UnitSpec; fraction: number }>();
  private readonly start: number;
  private lastDraw = 0;
  private lastLog = 0;
  private drawnLines = 0;
  private readonly now: () => number;

  constructor(private readonly options: ProgressViewOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.total = options.units
      .filter((u) => !options.done.has(u.id))
      .reduce((s, u) => s + u.flops.executed, 0);
  }

  /** Executed FLOPs done in this session (finished units in full, running ones by their fraction). */
  spent(): number {
    let s = this.finished;
    for (const r of this.running.values()) s += r.fraction * r.unit.flops.executed;
    return s;
  }

  /** Overall fraction, measured FLOP/s and ETA in seconds (undefined before anything is measured). */
  status(): { fraction: number; flopsPerSecond: number; etaSeconds: number | undefined } {
    const spent = this.spent();
    const seconds = (this.now() - this.start) / 1000;
    const rate = seconds > 0 ? spent / seconds : 0;
    const left = Math.max(0, this.total - spent);
    return {
      fraction: this.total > 0 ? spent / this.total : 1,
      flopsPerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : undefined,
    };
  }

  private overallLine(): string {
    const s = this.status();
    const eta = s.etaSeconds === undefined ? 'ETA —' : `ETA ${duration(s.etaSeconds)}`;
    return `${bar(s.fraction)} ${(100 * s.fraction).toFixed(0).padStart(3)}%  ${flops(this.spent())} / ${flops(this.total)} FLOPs  ${(s.flopsPerSecond / 1e9).toFixed(2)} GFLOP/s  ${eta}`;
  }

  /** Feeds one scheduler update. */
  update(update: ScheduleUpdate): void {
    if (this.options.quiet) return;
    const { unit } = update;
    if (update.type === 'start') {
      this.running.set(unit.id, { unit, fraction: 0 });
      if (!this.options.tty) this.options.write(`start ${unit.id}: ${unit.summary}\n`);
    } else if (update.type === 'progress') {
      const r = this.running.get(unit.id);
      if (r) r.fraction = Math.min(1, Math.max(r.fraction, update.progress.fraction));
    } else {
      this.running.delete(unit.id);
      if (update.outcome === 'done') this.finished += unit.flops.executed;
      if (!this.options.tty) this.options.write(`${update.outcome.padEnd(7)} ${unit.id}\n`);
    }
    this.draw(update.type !== 'progress');
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!this.options.tty) {
      if (force && t - this.lastLog < 1000) return;
      if (t - this.lastLog >= (this.options.logEverySeconds ?? 30) * 1000) {
        this.lastLog = t;
        this.options.write(`${this.overallLine()}\n`);
      }
      return;
    }
    if (!force && t - this.lastDraw < 200) return;
    this.lastDraw = t;
    const lines = [this.overallLine()];
    for (const { unit, fraction } of this.running.values())
      lines.push(`  ${bar(fraction, 16)} ${(100 * fraction).toFixed(0).padStart(3)}%  ${unit.id}`);
    const clear = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A\x1b[J` : '';
    this.options.write(`${clear}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
