import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRecords } from '../../test/report-fixture.js';
import { promptsSidecar } from '../store/sample-grid.js';
import { collectGrids } from './collect-grids.js';
import { buildReportModel } from './report-model.js';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

describe('collectGrids', () => {
  it('resolves one grid per objective and budget, relative to the report folder, with prompts or the problem', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'flopmatch-grids-'));
    roots.push(runDir);
    const { records, grids } = fixtureRecords();
    const model = buildReportModel(runDir, undefined, records);
    const [first, second] = grids.map((g) => g.path);
    await mkdir(join(runDir, first!, '..'), { recursive: true });
    await writeFile(join(runDir, first!), 'png bytes');
    await writeFile(join(runDir, promptsSidecar(first!)), '["a red circle", "two squares"]');
    await mkdir(join(runDir, second!, '..'), { recursive: true });
    await writeFile(join(runDir, promptsSidecar(second!)), '{"prompts": 3}');
    const out = await collectGrids(model, join(runDir, 'report'), false);
    expect(out).toHaveLength(3 * 5);
    const a = out.find((g) => g.path === first)!;
    expect(a.src).toBe(`../${first}`);
    expect(a.prompts).toEqual(['a red circle', 'two squares']);
    const b = out.find((g) => g.path === second)!;
    expect(b.src).toBeUndefined(); // no PNG written
    expect(b.promptsProblem).toMatch(/grid\.prompts\.json: not a JSON array of strings/);
    const embedded = await collectGrids(model, join(runDir, 'report'), true);
    expect(embedded.find((g) => g.path === first)!.src).toBe(
      `data:image/png;base64,${Buffer.from('png bytes').toString('base64')}`,
    );
  });
});
