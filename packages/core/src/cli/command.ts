/**
 * The contract of one `flopmatch` subcommand. Packages contribute commands (runtime: `doctor`; flops:
 * `flops`; data: `data preview`; …) and the app registers them all in one CLI, instead of each package
 * growing its own binary.
 */

/** One `--option` of a command (parsed with `node:util` `parseArgs`). */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[];
  /** One line for `--help`; say the unit and the default. */
  description: string;
}

/** Where a command writes; tests pass buffers. */
export interface CommandContext {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Environment variables (default `process.env`); `FLOPMATCH_DEBUG=1` adds stack traces to errors. */
  env?: Record<string, string | undefined>;
}

/** Parsed arguments handed to `run`. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /**
   * Config overrides given as `--<dotted.path>=<value>` (raw strings, in order), for commands with
   * `configOverrides: true`; pass them to `loadRunConfig`. Empty otherwise.
   */
  overrides?: Record<string, string>;
}

/**
 * Exit codes that mean something: 0 success, 1 the work failed, 2 bad usage or config, 3 a resource
 * (backend, dataset, file) is missing, 4 a result check failed (e.g. a budget refused by --dry-run).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3, refused: 4 } as const;

/**
 * The `--json` option of the convention every number-reporting command follows: with `--json` it prints
 * exactly one JSON object on stdout (nothing else), without it a human-readable report.
 */
export const JSON_OPTION: CommandOption = Object.freeze({
  type: 'boolean',
  default: false,
  description: 'print one JSON object on stdout instead of text',
});

/**
 * Prints a command's result by the `--json` convention: `report` as one JSON line when `args.values.json`
 * is set, else `text(report)`.
 *
 * @example
 * printReport(ctx, args, { fd: 3.2, n: 1000 }, (r) => `FD ${r.fd.toFixed(2)} (n = ${r.n})`);
 */
export function printReport<T>(
  ctx: CommandContext,
  args: CommandArgs,
  report: T,
  text: (report: T) => string,
): void {
  if (args.values.json === true) ctx.stdout(`${JSON.stringify(report)}\n`);
  else ctx.stdout(`${text(report).replace(/\n?$/, '\n')}`);
}

/** One subcommand: its name, help text, options and the function that runs it. */
export interface Command {
  /** Space-separated path: `doctor`, `flops`, `data preview`, `metrics fd`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Example invocations shown by `--help` (without the leading `flopmatch`). */
  examples: string[];
  options: Record<string, CommandOption>;
  /** Names of positional arguments, for `--help`; a last name ending in `...` takes any number. */
  positionals?: string[];
  /**
   * Accept `--<dotted.path>=<value>` for any path that is not a declared option (nanoGPT-style config
   * overrides, e.g. `--train.lr=3e-4`); they arrive in `args.overrides`. Default false.
   */
  configOverrides?: boolean;
  run(args: CommandArgs, ctx: CommandContext): Promise<number>;
}
