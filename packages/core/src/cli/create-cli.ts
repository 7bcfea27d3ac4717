/**
 * The CLI host: one binary (`flopmatch`) to which every package contributes `Command`s. It resolves
 * space-separated command paths (`data preview`), parses options strictly, prints help at every level,
 * suggests near matches for unknown commands, and maps thrown `FlopmatchError`s to exit codes.
 */
import { FlopmatchError, UsageError } from '../errors.js';
import { type Command, type CommandContext, EXIT } from './command.js';
import { editDistance } from './edit-distance.js';
import { exitCodeFor } from './exit-code.js';
import { parseCommandArgs } from './parse-command-args.js';
import { renderCommandHelp, renderCommandList } from './render-help.js';

/** Options of `createCli`. */
export interface CliOptions {
  /** Binary name shown in help and messages, e.g. `flopmatch`. */
  name: string;
  /** Version printed by `--version`. */
  version: string;
  /** Every command the CLI offers. Names must be unique, and no name may also be a group of others. */
  commands: Command[];
}

/** A CLI built by `createCli`. */
export interface Cli {
  readonly name: string;
  readonly version: string;
  readonly commands: readonly Command[];
  /**
   * Runs the command line `argv` (without `node` and the script: `process.argv.slice(2)`) and resolves to
   * the exit code. Never throws for user errors; they are printed on `ctx.stderr`.
   */
  main(argv: string[], ctx?: Partial<CommandContext>): Promise<number>;
}

const NAME = /^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*$/;

function validate(commands: Command[]): void {
  const names = new Set<string>();
  for (const c of commands) {
    if (!NAME.test(c.name))
      throw new FlopmatchError(
        'E_CLI',
        `command name '${c.name}' must be lowercase words separated by single spaces`,
      );
    if (names.has(c.name)) throw new FlopmatchError('E_CLI', `command '${c.name}' is registered twice`);
    names.add(c.name);
    const shorts = new Set<string>();
    for (const [option, o] of Object.entries(c.options)) {
      if (option === 'help' || o.short === 'h')
        throw new FlopmatchError('E_CLI', `command '${c.name}': --help/-h is reserved`);
      if (o.short && shorts.has(o.short))
        throw new FlopmatchError('E_CLI', `command '${c.name}': -${o.short} is used twice`);
      if (o.short) shorts.add(o.short);
    }
  }
  for (const c of commands) {
    const under = commands.find((d) => d.name.startsWith(`${c.name} `));
    if (under)
      throw new FlopmatchError(
        'E_CLI',
        `command '${c.name}' is also the group of '${under.name}'`,
        'rename one of them',
      );
  }
}

function defaultContext(ctx: Partial<CommandContext>): CommandContext {
  return {
    stdout: ctx.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: ctx.stderr ?? ((t) => void process.stderr.write(t)),
    cwd: ctx.cwd ?? process.cwd(),
    env: ctx.env ?? process.env,
  };
}

/** Up to three candidates within edit distance ⌊len/3⌋ (at least 1) of the typed words, nearest first. */
function nearest(typed: string[], candidates: string[]): string[] {
  return candidates
    .map((c) => ({ c, d: editDistance(typed.slice(0, c.split(' ').length).join(' '), c) })) // same number of words
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

/** Prints an error the way every flopmatch command does and returns its exit code. */
function report(error: unknown, ctx: CommandContext, where: string): number {
  const debug = ctx.env?.FLOPMATCH_DEBUG === '1';
  if (error instanceof FlopmatchError) {
    ctx.stderr(`error: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr(
      `internal error in '${where}': ${message}\n${debug ? '' : '  (set FLOPMATCH_DEBUG=1 for a stack trace)\n'}`,
    );
  }
  if (debug && error instanceof Error && error.stack) ctx.stderr(`${error.stack}\n`);
  return exitCodeFor(error);
}

/**
 * Builds the CLI host from the commands packages contribute.
 *
 * @example
 * const cli = createCli({ name: 'flopmatch', version: '0.1.0', commands: [doctorCommand, flopsCommand] });
 * process.exitCode = await cli.main(process.argv.slice(2));
 */
export function createCli(options: CliOptions): Cli {
  const { name, version } = options;
  const commands = [...options.commands];
  validate(commands);
  const byName = new Map(commands.map((c) => [c.name, c]));
  const groups = new Set(
    commands.flatMap((c) =>
      c.name
        .split(' ')
        .slice(0, -1)
        .map((_, i, w) => w.slice(0, i + 1).join(' ')),
    ),
  );

  async function main(argv: string[], partial: Partial<CommandContext> = {}): Promise<number> {
    const ctx = defaultContext(partial);
    const first = argv[0];
    if (first === '--version' || first === '-V') {
      ctx.stdout(`${version}\n`);
      return EXIT.ok;
    }
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      (first === undefined ? ctx.stderr : ctx.stdout)(renderCommandList(options, commands));
      return first === undefined ? EXIT.usage : EXIT.ok;
    }

    const words: string[] = [];
    for (const w of argv) {
      if (w.startsWith('-')) break;
      words.push(w);
    }
    let matched: Command | undefined;
    let used = 0;
    for (let k = words.length; k > 0 && !matched; k--) {
      matched = byName.get(words.slice(0, k).join(' '));
      if (matched) used = k;
    }

    if (!matched) {
      let group = '';
      for (let k = words.length; k > 0 && !group; k--)
        if (groups.has(words.slice(0, k).join(' '))) group = words.slice(0, k).join(' ');
      const groupWords = group ? group.split(' ').length : 0;
      const wantsHelp = argv.includes('--help') || argv.includes('-h');
      if (group && words.length === groupWords) {
        (wantsHelp ? ctx.stdout : ctx.stderr)(renderCommandList(options, commands, group));
        return wantsHelp ? EXIT.ok : EXIT.usage;
      }
      const typed = words.length ? words.join(' ') : argv[0]!;
      const inGroup = group ? commands.map((c) => c.name).filter((c) => c.startsWith(`${group} `)) : [];
      // Inside a known group only the next word can be wrong: compare that word with the group's commands.
      const near = group
        ? nearest(
            [words[groupWords]!],
            inGroup.map((c) => c.slice(group.length + 1)),
          ).map((t) => `${group} ${t}`)
        : nearest(words.length ? words : [typed], [...byName.keys(), ...groups]).filter(
            (c, _, all) => !all.some((d) => d.startsWith(`${c} `)), // a command beats its own group
          );
      const fix = near.length
        ? `did you mean ${near.map((s) => `'${name} ${s}'`).join(' or ')}?`
        : group
          ? `'${group}' has: ${inGroup.join(', ')}`
          : `run '${name} --help' for the list of commands`;
      const error = new UsageError(`unknown command '${typed}'`, fix);
      return report(error, ctx, typed);
    }

    try {
      const parsed = parseCommandArgs(name, matched, argv.slice(used));
      if (parsed.help) {
        ctx.stdout(renderCommandHelp(name, matched));
        return EXIT.ok;
      }
      const code = await matched.run(parsed.args, ctx);
      return Number.isInteger(code) ? code : EXIT.failure;
    } catch (error) {
      return report(error, ctx, matched.name);
    }
  }

  return { name, version, commands, main };
}
