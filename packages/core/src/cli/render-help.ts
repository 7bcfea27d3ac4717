/** `--help` text for the whole CLI, a command group (`data`) and a single command. */
import type { Command, CommandOption } from './command.js';

function table(rows: Array<[string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function renderDefault(option: CommandOption): string {
  const d = option.default;
  if (d === undefined || d === false) return '';
  if (Array.isArray(d)) return d.length ? ` (default: ${d.join(', ')})` : '';
  return ` (default: ${d})`;
}

/** The list of commands (optionally only those under `group`), for the root and group help. */
export function renderCommandList(
  cli: { name: string; version: string },
  commands: readonly Command[],
  group?: string,
): string {
  const shown = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands;
  const lines = [
    `${cli.name} ${cli.version}`,
    '',
    `Usage: ${cli.name} ${group ? `${group} ` : ''}<command> [options]`,
    '',
    group ? `Commands under '${group}':` : 'Commands:',
    ...table([...shown].sort((a, b) => a.name.localeCompare(b.name)).map((c) => [c.name, c.summary])),
    '',
    `Run '${cli.name} <command> --help' for a command's options and examples.`,
  ];
  if (!group) lines.push(`Run '${cli.name} --version' for the version.`);
  return `${lines.join('\n')}\n`;
}

/** Help for one command: summary, usage, options with descriptions and defaults, examples. */
export function renderCommandHelp(cliName: string, command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => `<${p}>`).join(' ');
  const rows: Array<[string, string]> = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}`;
    return [flag, `${o.description}${o.multiple ? ' (repeatable)' : ''}${renderDefault(o)}`];
  });
  if (command.configOverrides)
    rows.push(['    --<path>=<value>', 'override a config field, e.g. --train.lr=3e-4']);
  rows.push(['-h, --help', 'show this help']);
  const lines = [
    `${cliName} ${command.name} — ${command.summary}`,
    '',
    `Usage: ${cliName} ${command.name} [options]${positionals ? ` ${positionals}` : ''}`,
    '',
    'Options:',
    ...table(rows),
  ];
  if (command.examples.length) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${cliName} ${e}`));
  }
  return `${lines.join('\n')}\n`;
}
