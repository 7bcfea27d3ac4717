import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRecords, REPORT_FIGURES, writeFixtureRun } from '../../test/report-fixture.js';
import { writeReport } from './write-report.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flopmatch-report-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes index.html and findings.json into <run>/report with every figure, finding and grid', async () => {
    const runDir = join(root, 'full');
    const fixture = await writeFixtureRun(runDir);
    const out = await writeReport(runDir, { resamples: 500 });
    expect(out.htmlPath).toBe(resolve(runDir, 'report', 'index.html'));
    const html = await readFile(out.htmlPath, 'utf8');
    for (const id of REPORT_FIGURES) expect(html).toContain(`data-plot="${id}"`);
    expect(html).not.toContain('class="plot-missing"');
    expect(out.findings.map((f) => f.number)).toEqual([1, 2, 3, 4, 5]);
    // the fixture follows the paper's picture with tight seeds: every claim should come out supported
    expect(out.findings.map((f) => f.verdict)).toEqual(Array(5).fill('supported'));
    expect(html.match(/<tr id="finding-\d" data-verdict="supported">/g)).toHaveLength(5);
    const json = JSON.parse(await readFile(out.findingsPath, 'utf8'));
    expect(json.findings).toEqual(JSON.parse(JSON.stringify(out.findings)));
    // every grid is referenced relative to the report folder and resolves to the PNG the pipeline wrote
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs).toHaveLength(fixture.grids.length);
    for (const src of srcs)
      expect(existsSync(resolve(dirname(out.htmlPath), decodeURIComponent(src)))).toBe(true);
    expect(html).toContain('<li>a blue square left of a green triangle</li>');
    // nothing left behind by the atomic writes; no scripts or external resources
    expect((await readdir(dirname(out.htmlPath))).sort()).toEqual(['findings.json', 'index.html']);
    expect(html).not.toMatch(/<script|<link |https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('is deterministic for a seed and embeds grids as data URIs on request', async () => {
    const runDir = join(root, 'embed');
    await writeFixtureRun(runDir);
    const a = await writeReport(runDir, {
      resamples: 300,
      seed: 7,
      outDir: join(root, 'embed-a'),
      embedImages: true,
    });
    const b = await writeReport(runDir, { resamples: 300, seed: 7, outDir: join(root, 'embed-b') });
    expect(a.findings).toEqual(b.findings);
    const html = await readFile(a.htmlPath, 'utf8');
    expect(html.match(/<img src="data:image\/png;base64,/g)?.length).toBeGreaterThan(0);
    expect(html).not.toMatch(/<img src="\.\./);
  });

  it('marks missing grid files instead of linking a broken image', async () => {
    const runDir = join(root, 'no-grids');
    await writeFixtureRun(runDir, { grids: false });
    const html = await readFile((await writeReport(runDir, { resamples: 200 })).htmlPath, 'utf8');
    expect(html).not.toContain('<img ');
    expect(html).toContain('grid file missing: units/eval.flow.d128-l6.vae-c8.s0.b0.ema/grid.png');
    expect(html).toContain('Prompts were not recorded');
  });

  it('reports a partial run: plots without data say so, findings are inconclusive with the reason', async () => {
    const runDir = join(root, 'partial');
    const { records } = fixtureRecords();
    const early = records.filter((r) => r.kind === 'codec' || r.kind === 'eval-nets');
    await writeFixtureRun(runDir, { grids: false });
    await writeFile(join(runDir, 'results.jsonl'), early.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const out = await writeReport(runDir, { resamples: 200 });
    expect(
      out.findings.every((f) => f.verdict === 'inconclusive' && f.reason.startsWith('Too few points')),
    ).toBe(true);
    const html = await readFile(out.htmlPath, 'utf8');
    expect(html).toContain('class="plot-missing" data-plot="quality-vs-compute"');
    expect(html).toContain('No sample grids were recorded');
    expect(html).toContain('vq-k1024'); // the codecs still appear in the manifest
  });

  it('fails with the path and the fix when the run or its results are missing or invalid', async () => {
    await expect(writeReport(join(root, 'nowhere'))).rejects.toThrow(
      /nowhere: run directory not found\n {2}fix: pass the folder/,
    );
    const empty = await mkdtemp(join(root, 'empty-'));
    await expect(writeReport(empty)).rejects.toThrow(
      /results\.jsonl: results store not found\n {2}fix: run `flopmatch compare`/,
    );
    await writeFile(
      join(empty, 'results.jsonl'),
      '{"format":"flopmatch-results","version":1,"kind":"eval"}\n',
    );
    await expect(writeReport(empty)).rejects.toThrow(/results\.jsonl record 1: not a valid results record/);
    await writeFile(join(empty, 'results.jsonl'), '');
    await writeFile(join(empty, 'run.json'), '{"format":"flopmatch-run"}');
    await expect(writeReport(empty)).rejects.toThrow(/run\.json: not a valid run\.json:\n {2}- version/);
  });

  it('rejects invalid options naming the field', async () => {
    await expect(writeReport(root, { confidence: 1.5 })).rejects.toThrow(
      /invalid writeReport options:\n {2}- confidence = 1\.5/,
    );
    await expect(writeReport(root, { resample: 10 } as never)).rejects.toThrow(
      /remove or correct 'resample'/,
    );
  });
});
