import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CommandArgs, EXIT } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { readPng } from '../image/png.js';
import { ShapesDataset } from '../shapes/shapes-dataset.js';
import { captionsPathFor, dataPreviewCommand } from './preview-command.js';

function run(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> =
    {};
  for (const [k, o] of Object.entries(dataPreviewCommand.options)) {
    options[k] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(typeof o.default === 'string' ? { default: o.default } : {}),
    };
  }
  const parsed = parseArgs({ args: argv, options, allowPositionals: true }) as CommandArgs;
  return dataPreviewCommand
    .run(parsed, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd })
    .then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('data preview', () => {
  it('writes a 64-image grid and its captions file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flopmatch-preview-'));
    const result = await run(['--dataset', 'shapes', '--n', '64', '--out', 'grid.png'], cwd);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/wrote .*grid.png \(64 dataset:shapes samples of 32×32, grid 274×274 px\)/);
    const grid = readPng(join(cwd, 'grid.png'));
    expect([grid.width, grid.height, grid.channels]).toEqual([274, 274, 3]);
    const lines = readFileSync(join(cwd, 'grid.captions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(64);
    const ds = new ShapesDataset();
    expect(lines[9]).toMatchObject({ index: 9, row: 1, column: 1, x: 36, y: 36, caption: ds.get(9).caption });
    expect(lines[9].meta).toEqual(JSON.parse(JSON.stringify(ds.get(9).meta)));
  });

  it('passes split and seed to the dataset', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flopmatch-preview-'));
    const result = await run(
      ['--split', 'heldout', '--seed', '3', '--n', '4', '--columns', '4', '--out', 'h.png'],
      cwd,
    );
    expect(result.code).toBe(EXIT.ok);
    const lines = readFileSync(join(cwd, 'h.captions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.caption)).toEqual(
      [0, 1, 2, 3].map((i) => new ShapesDataset({ split: 'heldout', seed: 3 }).get(i).caption),
    );
    expect(lines.every((l) => l.meta.heldOut)).toBe(true);
    expect(readPng(join(cwd, 'h.png')).width).toBe(4 * 32 + 5 * 2);
  });

  it('exits 2 with the reason on bad usage and 3 when data is missing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flopmatch-preview-'));
    const badN = await run(['--n', 'many'], cwd);
    expect([badN.code, badN.stderr]).toEqual([
      EXIT.usage,
      expect.stringMatching(/--n must be an integer ≥ 1, got 'many'/),
    ]);
    const badSplit = await run(['--split', 'validation'], cwd);
    expect(badSplit.code).toBe(EXIT.usage);
    expect(badSplit.stderr).toMatch(/split = "validation"/);
    const unknown = await run(['--dataset', 'cifar'], cwd);
    expect([unknown.code, unknown.stderr]).toEqual([
      EXIT.usage,
      expect.stringMatching(/use one of: dataset:shapes/),
    ]);
    const missing = await run(['--dataset', 'fashion-mnist', '--dir', 'nowhere'], cwd);
    expect([missing.code, missing.stderr]).toEqual([
      EXIT.unavailable,
      expect.stringMatching(/apt-get install dataset-fashion-mnist/),
    ]);
  });

  it('derives the captions path from the grid path', () => {
    expect(captionsPathFor('/a/grid.png')).toBe('/a/grid.captions.jsonl');
    expect(captionsPathFor('out')).toBe('out.captions.jsonl');
  });
});
