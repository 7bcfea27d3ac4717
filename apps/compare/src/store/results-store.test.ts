import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { openJsonlResultsStore, readResults } from './results-store.js';
import { RESULTS_FORMAT, RESULTS_VERSION, type UnitRecord } from './schema.js';

function lrPick(unit: string, chosen: number): UnitRecord {
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    unit,
    kind: 'lr-pick',
    dependsOn: ['latents.vq-c16'],
    manifest: {
      gitCommit: null,
      configHash: 'a'.repeat(64),
      config: { lrs: [1e-3, 3e-3] },
      backend: 'cpu',
      device: 'test',
      seeds: { train: 0 },
      startedAt: '2024-01-01T00:00:00.000Z',
      finishedAt: '2024-01-01T00:00:01.000Z',
      wallSeconds: 1,
      flops: { model: 10, executed: 12 },
    },
    result: {
      objective: 'masked',
      size: 'd32-l1',
      codec: 'vq-c16',
      budgetFlops: 1e6,
      candidates: [
        { lr: 1e-3, loss: 2.5, diverged: false },
        { lr: 3e-3, loss: null, diverged: true },
      ],
      chosen,
    },
  };
}

async function runDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'fm-store-'));
}

describe('JSONL results store', () => {
  it('round-trips records through the file and a reopen', async () => {
    const dir = await runDir();
    const store = await openJsonlResultsStore(dir);
    await store.put(lrPick('lr-pick.masked.d32-l1.vq-c16', 1e-3));
    await store.put(lrPick('lr-pick.flow.d32-l1.vae-c4', 3e-3));
    const again = await openJsonlResultsStore(dir);
    expect(again.list().map((r) => r.unit)).toEqual([
      'lr-pick.masked.d32-l1.vq-c16',
      'lr-pick.flow.d32-l1.vae-c4',
    ]);
    expect(again.get('lr-pick.flow.d32-l1.vae-c4')).toEqual(lrPick('lr-pick.flow.d32-l1.vae-c4', 3e-3));
    expect(await readResults(dir)).toEqual(again.list());
    expect(await readResults(join(dir, 'nothing-here'))).toEqual([]);
  });

  it('cuts a partial last line left by a killed writer, then appends cleanly', async () => {
    const dir = await runDir();
    const store = await openJsonlResultsStore(dir);
    await store.put(lrPick('lr-pick.a', 1e-3));
    await appendFile(join(dir, 'results.jsonl'), '{"format":"flopmatch-res');
    const reopened = await openJsonlResultsStore(dir);
    expect(reopened.list()).toHaveLength(1);
    await reopened.put(lrPick('lr-pick.b', 1e-3));
    const lines = (await readFile(join(dir, 'results.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).unit)).toEqual(['lr-pick.a', 'lr-pick.b']);
  });

  it('refuses a second record for the same unit', async () => {
    const store = await openJsonlResultsStore(await runDir());
    await store.put(lrPick('lr-pick.a', 1e-3));
    await expect(store.put(lrPick('lr-pick.a', 3e-3))).rejects.toThrow(/'lr-pick.a' already has a result/);
  });

  it('names the field of an invalid record and refuses newer versions', async () => {
    const store = await openJsonlResultsStore(await runDir());
    const bad = lrPick('lr-pick.a', 1e-3) as unknown as { result: { chosen: number } };
    bad.result.chosen = -1;
    await expect(store.put(bad as unknown as UnitRecord)).rejects.toThrow(/result\.chosen/);
    const dir = await runDir();
    await appendFile(join(dir, 'results.jsonl'), `${JSON.stringify({ ...lrPick('x', 1), version: 99 })}\n`);
    const error = await readResults(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).message).toMatch(/results version 99.*\n.*upgrade @flopmatch\/compare/);
  });
});
