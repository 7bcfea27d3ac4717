/** Turns the words after a command's name into `CommandArgs`, strictly (unknown options are errors). */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { Command, CommandArgs } from './command.js';

/** What the parser found: arguments, or a request for help. */
export type ParsedCommandLine = { help: true } | { help: false; args: CommandArgs };

const OVERRIDE = /^--([A-Za-z_][\w-]*(?:\.[\w-]+)*)=(.*)$/s;

/**
 * Parses `argv` (the words after the command name) for `command` with `node:util` `parseArgs` in strict
 * mode. With `configOverrides`, `--<path>=<value>` words whose path is not a declared option are taken out
 * first and returned in `overrides`. Throws `UsageError` naming the bad word and pointing at `--help`.
 */
export function parseCommandArgs(cliName: string, command: Command, argv: string[]): ParsedCommandLine {
  const helpHint = `see '${cliName} ${command.name} --help'`;
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.includes('--help') || head.includes('-h')) return { help: true };

  const overrides: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const m = command.configOverrides && (end < 0 || i < end) ? OVERRIDE.exec(word) : null;
    if (m && !(m[1]! in command.options)) overrides[m[1]!] = m[2]!;
    else rest.push(word);
  }

  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(command.options)) {
    options[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
    } as NonNullable<ParseArgsConfig['options']>[string];
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${command.name}: ${message}`, helpHint);
  }
  const declared = command.positionals ?? [];
  const variadic = declared.at(-1)?.endsWith('...') ?? false;
  if (!variadic && parsed.positionals.length > declared.length) {
    const extra = parsed.positionals
      .slice(declared.length)
      .map((p) => `'${p}'`)
      .join(', ');
    throw new UsageError(`${command.name}: unexpected argument ${extra}`, helpHint);
  }
  const values = parsed.values as CommandArgs['values'];
  return { help: false, args: { values, positionals: parsed.positionals, overrides } };
}
