import { describe, expect, it } from 'vitest';
import { ConfigError, FileFormatError, FlopmatchError, NotFoundError } from '../errors.js';
import { type Command, type CommandArgs, JSON_OPTION, printReport } from './command.js';
import { createCli } from './create-cli.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  const ctx = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
    cwd: '/tmp',
    env: {},
  };
  return { out, ctx };
}

const seen: CommandArgs[] = [];
const fd: Command = {
  name: 'metrics fd',
  summary: 'Fréchet distance between two feature files',
  examples: ['metrics fd real.npy fake.npy --json'],
  positionals: ['real', 'fake'],
  options: {
    json: JSON_OPTION,
    n: { type: 'string', short: 'n', default: '1000', description: 'features to use' },
  },
  async run(args, ctx) {
    seen.push(args);
    printReport(ctx, args, { fd: 3.25, n: Number(args.values.n) }, (r) => `FD ${r.fd} (n = ${r.n})`);
    return 0;
  },
};
const kid: Command = { ...fd, name: 'metrics kid', summary: 'Kernel inception distance', examples: [] };
const preview: Command = {
  name: 'data preview',
  summary: 'Write a grid of samples',
  examples: ['data preview --dataset shapes --out grid.png'],
  options: {
    dataset: { type: 'string', default: 'shapes', description: 'dataset id' },
    tag: { type: 'string', multiple: true, description: 'labels to show' },
  },
  async run() {
    return 0;
  },
};
const thrower = (name: string, error: unknown): Command => ({
  name,
  summary: `throws ${name}`,
  examples: [],
  options: {},
  async run() {
    throw error;
  },
});
const train: Command = {
  name: 'train',
  summary: 'Train a model',
  examples: ['train --config run.json --train.lr=3e-4'],
  options: { config: { type: 'string', description: 'JSON config file' } },
  positionals: ['extra...'],
  configOverrides: true,
  async run(args) {
    seen.push(args);
    return 0;
  },
};

const cli = createCli({
  name: 'flopmatch',
  version: '0.1.0',
  commands: [
    fd,
    kid,
    preview,
    train,
    thrower('fail config', new ConfigError('run.json', [{ path: 'lr', value: '-1', message: 'too small' }])),
    thrower('fail missing', new NotFoundError('/data/x.npy', 'feature file')),
    thrower('fail corrupt', new FileFormatError('/data/x.npy', 'truncated')),
    thrower('fail backend', new FlopmatchError('E_BACKEND_UNAVAILABLE', "backend 'webgpu' is not available")),
    thrower('fail refused', new FlopmatchError('E_REFUSED', 'budget exceeds the limit')),
    thrower('fail bug', new TypeError('x is undefined')),
  ],
});

async function run(...argv: string[]) {
  const { out, ctx } = capture();
  const code = await cli.main(argv, ctx);
  return { code, ...out };
}

describe('createCli: dispatch and output', () => {
  it('runs a two-word command with positionals, defaults and --json', async () => {
    const text = await run('metrics', 'fd', 'a.npy', 'b.npy');
    expect(text).toEqual({ code: 0, stdout: 'FD 3.25 (n = 1000)\n', stderr: '' });
    const json = await run('metrics', 'fd', 'a.npy', 'b.npy', '--json', '-n', '50');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ fd: 3.25, n: 50 });
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(seen.at(-1)!.positionals).toEqual(['a.npy', 'b.npy']);
  });

  it('collects repeatable options', async () => {
    expect((await run('data', 'preview', '--tag', 'a', '--tag', 'b')).code).toBe(0);
  });

  it('prints the version', async () => {
    expect(await run('--version')).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

describe('createCli: help at every level', () => {
  it('lists all commands at the root', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flopmatch 0\.1\.0\n\nUsage: flopmatch <command> \[options\]/);
    expect(stdout).toMatch(/ {2}data preview +Write a grid of samples\n/);
    expect(stdout).toMatch(/ {2}metrics fd +Fréchet distance/);
  });

  it('lists a group', async () => {
    const { code, stdout } = await run('metrics', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain("Commands under 'metrics':");
    expect(stdout).toContain('metrics kid');
    expect(stdout).not.toContain('data preview');
    const bare = await run('metrics');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Commands under 'metrics':");
  });

  it("shows a command's summary, options with defaults, and examples", async () => {
    const { code, stdout } = await run('metrics', 'fd', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('flopmatch metrics fd — Fréchet distance between two feature files');
    expect(stdout).toContain('Usage: flopmatch metrics fd [options] <real> <fake>');
    expect(stdout).toMatch(/-n, --n <value> +features to use \(default: 1000\)/);
    expect(stdout).toMatch(/--json +print one JSON object on stdout instead of text\n/);
    expect(stdout).toContain('Examples:\n  flopmatch metrics fd real.npy fake.npy --json');
    expect((await run('train', '-h')).stdout).toMatch(/--<path>=<value> +override a config field/);
  });

  it('prints the root help on stderr with exit 2 when no command is given', async () => {
    const { code, stdout, stderr } = await run();
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain('Commands:');
  });
});

describe('createCli: usage errors', () => {
  it('suggests near commands for an unknown one (exit 2)', async () => {
    const typo = await run('metrics', 'fdd', 'a', 'b');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "error: unknown command 'metrics fdd a b'\n  fix: did you mean 'flopmatch metrics fd'?\n",
    );
    expect((await run('dta', 'preview')).stderr).toContain("did you mean 'flopmatch data preview'?");
    expect((await run('metrics', 'zzz')).stderr).toContain("'metrics' has: metrics fd, metrics kid");
    expect((await run('frobnicate')).stderr).toContain("run 'flopmatch --help' for the list of commands");
  });

  it('rejects unknown options, missing values and extra positionals (exit 2)', async () => {
    const unknown = await run('metrics', 'fd', 'a', 'b', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /error: metrics fd: Unknown option '--bogus'\n {2}fix: see 'flopmatch metrics fd --help'/,
    );
    expect((await run('data', 'preview', '--dataset')).stderr).toMatch(/--dataset.*argument missing/);
    expect((await run('metrics', 'fd', 'a', 'b', 'c')).stderr).toContain("unexpected argument 'c'");
    // dotted overrides only where a command opts in
    expect((await run('data', 'preview', '--train.lr=3')).code).toBe(2);
  });

  it('passes --path=value overrides to commands that accept them, declared options still parse', async () => {
    expect(
      (await run('train', '--config', 'run.json', '--train.lr=3e-4', '--steps=10', '--', '--x.y=1')).code,
    ).toBe(0);
    const args = seen.at(-1)!;
    expect(args.overrides).toEqual({ 'train.lr': '3e-4', steps: '10' });
    expect(args.values.config).toBe('run.json');
    expect(args.positionals).toEqual(['--x.y=1']);
  });
});

describe('createCli: errors thrown by commands', () => {
  it.each([
    ['config', 2, /^error: invalid run.json:\n {2}- lr = -1: too small\n$/],
    ['missing', 3, /^error: \/data\/x.npy: feature file not found\n$/],
    ['backend', 3, /backend 'webgpu' is not available/],
    ['corrupt', 1, /^error: \/data\/x.npy: truncated\n$/],
    ['refused', 4, /budget exceeds/],
  ])('maps a %s error to exit %d with its message and no stack', async (kind, code, message) => {
    const r = await run('fail', kind);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unexpected error as internal (exit 1), with a stack only under FLOPMATCH_DEBUG=1', async () => {
    const plain = await run('fail', 'bug');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      "internal error in 'fail bug': x is undefined\n  (set FLOPMATCH_DEBUG=1 for a stack trace)\n",
    );
    const { out, ctx } = capture();
    expect(await cli.main(['fail', 'bug'], { ...ctx, env: { FLOPMATCH_DEBUG: '1' } })).toBe(1);
    expect(out.stderr).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});

describe('createCli: validation of the command set', () => {
  it('refuses duplicates, a command that is also a group, reserved flags and bad names', () => {
    expect(() => createCli({ name: 'x', version: '1', commands: [fd, fd] })).toThrow(
      /'metrics fd' is registered twice/,
    );
    expect(() => createCli({ name: 'x', version: '1', commands: [fd, { ...fd, name: 'metrics' }] })).toThrow(
      /also the group/,
    );
    const withHelp = { ...fd, name: 'a', options: { help: { type: 'boolean', description: '' } } } as Command;
    expect(() => createCli({ name: 'x', version: '1', commands: [withHelp] })).toThrow(/reserved/);
    expect(() => createCli({ name: 'x', version: '1', commands: [{ ...fd, name: 'Metrics  FD' }] })).toThrow(
      /lowercase/,
    );
  });
});
