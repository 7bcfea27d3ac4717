/**
 * `writeReport`: reads a run's results store and writes its comparison report — one static HTML page
 * with SVG plots, the findings table, sample grids and the manifest — plus `findings.json`, both atomically.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseConfig, writeFileAtomic, writeJsonAtomic } from '@flopmatch/core';
import { RUN_FILES } from '../store/schema.js';
import { collectGrids } from './collect-grids.js';
import { codecVsGeneratorFigure } from './figures/codec-vs-generator.js';
import { computeFrontierFigure } from './figures/compute-frontier.js';
import { emaVsRawFigure } from './figures/ema-vs-raw.js';
import { inferenceFigures } from './figures/inference-figures.js';
import { promptVsComputeFigure } from './figures/prompt-vs-compute.js';
import { qualityVsComputeFigure } from './figures/quality-vs-compute.js';
import { evaluateFindings } from './findings/evaluate-findings.js';
import type { Finding } from './findings/finding.js';
import { renderFindingsSection } from './findings-section.js';
import { escapeHtml } from './html-escape.js';
import { renderPage } from './html-page.js';
import { loadRun } from './load-run.js';
import { renderManifestSection } from './manifest-section.js';
import { renderPlot } from './plot/svg-plot.js';
import { buildReportModel } from './report-model.js';
import { type ReportOptions, ReportOptionsSchema } from './report-options.js';
import { renderSamplesSection } from './samples-section.js';

/** What `writeReport` wrote. */
export interface WrittenReport {
  /** Absolute path of the HTML page. */
  htmlPath: string;
  /** Absolute path of the findings as JSON (same content as the table). */
  findingsPath: string;
  /** The five findings, in the paper's order. */
  findings: Finding[];
}

const figs = (html: string[]) => `<div class="figs">${html.join('\n')}</div>`;

/**
 * Writes the comparison report of the run in `runDir` into `<runDir>/report/` (or `options.outDir`):
 * `index.html` and `findings.json`. Fails with the file and the fix when the run directory or its
 * results store is missing or invalid, and with the field when an option is invalid.
 *
 * @example
 * const { htmlPath, findings } = await writeReport('runs/small');
 * for (const f of findings) console.log(`${f.number}. ${f.claim} → ${f.verdict}`);
 */
export async function writeReport(runDir: string, options: ReportOptions = {}): Promise<WrittenReport> {
  const opts = parseConfig(ReportOptionsSchema, options, 'writeReport options');
  const run = await loadRun(runDir);
  const model = buildReportModel(run.runDir, run.info, run.records);
  const stats = { resamples: opts.resamples, confidence: opts.confidence, seed: opts.seed };
  const findings = evaluateFindings(run.records, stats);
  const outDir = resolve(opts.outDir ?? join(runDir, RUN_FILES.report));
  const grids = await collectGrids(model, outDir, opts.embedImages);

  const preset = run.info?.preset ?? 'unknown preset';
  const title = opts.title ?? `flopmatch comparison — ${preset}`;
  const evalN = model.evals.length ? Math.max(...model.evals.map((e) => e.n)) : 0;
  const subtitle =
    `Diffusion (flow matching), masked-token and next-token prediction on one Transformer backbone at equal ` +
    `training FLOPs · ${run.records.length} finished units · ${model.evals.length} evaluations at N = ${evalN} · ` +
    `backend ${run.info?.backend ?? '?'} · ${run.info?.device ?? ''}`;
  const pct = Math.round(opts.confidence * 100);
  const sections = [
    {
      id: 'findings',
      title: 'Findings',
      body:
        `<p>The five claims of Kilian, Jampani &amp; Zettlemoyer (2024, arXiv:2405.13218) tested on this run’s own ` +
        `numbers. Each verdict follows the rule printed beside it; intervals are ${pct}% (bootstrap over seeds and ` +
        `prompts with seed ${opts.seed} and ${opts.resamples} resamples, or t-based for fitted slopes). “Inconclusive” ` +
        `means an interval overlaps zero or the run has too few points — it says which.</p>` +
        renderFindingsSection(findings),
    },
    {
      id: 'training',
      title: 'Quality and prompt following vs training compute',
      body: figs([
        renderPlot(qualityVsComputeFigure(model)),
        renderPlot(computeFrontierFigure(model, opts.confidence)),
        renderPlot(promptVsComputeFigure(model)),
      ]),
    },
    { id: 'inference', title: 'Inference cost', body: figs(inferenceFigures(model).map(renderPlot)) },
    {
      id: 'ablations',
      title: 'EMA and autoencoder ablations',
      body: figs([renderPlot(emaVsRawFigure(model)), renderPlot(codecVsGeneratorFigure(model))]),
    },
    { id: 'samples', title: 'Samples', body: renderSamplesSection(grids) },
    { id: 'manifest', title: 'Manifest', body: renderManifestSection(model) },
  ];
  const footer =
    `Written by @flopmatch/compare on ${escapeHtml(new Date().toISOString())} from ${escapeHtml(resolve(runDir))}. ` +
    'How to read each plot and the findings table: docs/reading-the-report.md in the flopmatch repository.';
  const html = renderPage(title, subtitle, sections, footer);

  await mkdir(outDir, { recursive: true });
  const htmlPath = join(outDir, 'index.html');
  const findingsPath = join(outDir, 'findings.json');
  await writeJsonAtomic(findingsPath, { runDir: resolve(runDir), options: stats, findings });
  await writeFileAtomic(htmlPath, html);
  return { htmlPath, findingsPath, findings };
}
