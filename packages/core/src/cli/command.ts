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
}

/** Parsed arguments handed to `run`. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Exit codes that mean something: 0 success, 1 the work failed, 2 bad usage or config, 3 a resource
 * (backend, dataset, file) is missing, 4 a result check failed (e.g. a budget refused by --dry-run).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, unavailable: 3, refused: 4 } as const;

export interface Command {
  /** Space-separated path: `doctor`, `flops`, `data preview`, `metrics fd`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Example invocations shown by `--help` (without the leading `flopmatch`). */
  examples: string[];
  options: Record<string, CommandOption>;
  /** Names of positional arguments, for `--help`. */
  positionals?: string[];
  run(args: CommandArgs, ctx: CommandContext): Promise<number>;
}
