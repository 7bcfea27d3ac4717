/**
 * The run's manifest: what produced these numbers (config, hashes, code, backend), the real-vs-real
 * baselines every metric is read against, the codecs, and the N behind each metric.
 */
import { UNIT_KINDS } from '../store/schema.js';
import { escapeHtml } from './html-escape.js';
import { groupBy, resultsOf } from './report-data.js';
import type { ReportModel } from './report-model.js';

type Metric = { name: string; value: number; n: number; std?: number | undefined } | undefined;

const short = (hash: string) => `<code title="${escapeHtml(hash)}">${escapeHtml(hash.slice(0, 12))}</code>`;
const num = (v: number, digits = 3) =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(2) : v.toFixed(digits);
const metric = (m: Metric, digits = 3) =>
  m
    ? `${num(m.value, digits)}${m.std !== undefined ? ` ± ${num(m.std, digits)}` : ''} <span class="n">N=${m.n}</span>`
    : '—';

function table(head: string[], rows: string[][]): string {
  return `<table class="data"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function counts(values: readonly string[]): string {
  return [...groupBy(values, (v) => v).entries()]
    .map(([v, l]) => `${escapeHtml(v)} (${l.length})`)
    .join(', ');
}

/** Renders the manifest section. */
export function renderManifestSection(model: ReportModel): string {
  const parts: string[] = [];
  const info = model.info;
  const manifests = model.records.map((r) => r.manifest);
  const backends = new Set(manifests.map((m) => m.backend));
  const commits = new Set(manifests.map((m) => m.gitCommit ?? 'none'));
  const dirty = manifests.filter((m) => m.gitDirty).length;
  const warnings: string[] = [];
  if (backends.size > 1)
    warnings.push(`Units ran on ${backends.size} different backends; timings and numerics may not compare.`);
  if (commits.size > 1) warnings.push(`Units ran from ${commits.size} different git commits.`);
  if (dirty > 0)
    warnings.push(`${dirty} unit${dirty > 1 ? 's' : ''} ran from a tree with uncommitted changes.`);
  const runRows: string[][] = info
    ? [
        ['preset', escapeHtml(info.preset)],
        ['created', escapeHtml(info.created)],
        ['sweep hash', short(info.sweepHash)],
        ['git commit', info.gitCommit ? short(info.gitCommit) : 'none (not a git checkout)'],
        ['backend (run)', escapeHtml(info.backend)],
        ['device', escapeHtml(info.device)],
        ['time budget', info.timeBudgetSeconds ? `${info.timeBudgetSeconds} s` : '—'],
      ]
    : [['run.json', 'missing: the run’s sweep and provenance are unknown']];
  runRows.push(
    ['backends (units)', counts(manifests.map((m) => m.backend))],
    ['git commits (units)', counts(manifests.map((m) => (m.gitCommit ?? 'none').slice(0, 12)))],
    [
      'finished units',
      UNIT_KINDS.map((k) => `${k} ${model.records.filter((r) => r.kind === k).length}`).join(' · '),
    ],
    [
      'compute spent',
      `${num(manifests.reduce((s, m) => s + m.flops.model, 0))} model FLOPs in ${num(manifests.reduce((s, m) => s + m.wallSeconds, 0) / 3600, 2)} unit-hours`,
    ],
  );
  parts.push('<h3>Run</h3>', table(['field', 'value'], runRows));
  if (warnings.length)
    parts.push(`<ul class="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
  if (info)
    parts.push(
      `<details><summary>resolved sweep config (JSON)</summary><pre>${escapeHtml(JSON.stringify(info.sweep, null, 2))}</pre></details>`,
    );

  const nets = model.evalNets;
  if (nets) {
    const rows = [
      [
        escapeHtml(nets.extractor.id),
        short(nets.extractor.hash),
        String(nets.extractor.dim),
        escapeHtml(nets.source),
      ],
    ];
    if (nets.clip)
      rows.push([
        escapeHtml(nets.clip.id),
        short(nets.clip.hash),
        String(nets.clip.dim),
        escapeHtml(nets.source),
      ]);
    parts.push('<h3>Evaluation networks</h3>', table(['network', 'sha256', 'dim', 'source'], rows));
    parts.push(
      '<h3>Real-vs-real baseline</h3><p>The same metrics between two disjoint sets of real images: the floor a generator’s number is read against.</p>',
      table(
        ['N', 'FD', 'KID', 'precision', 'recall', 'prompt accuracy', 'CLIP score'],
        nets.realBaseline.map((b) => [
          String(b.n),
          metric(b.fd, 2),
          metric(b.kid, 4),
          metric(b.precision),
          metric(b.recall),
          metric(b.promptAccuracy),
          metric(b.clipScore),
        ]),
      ),
    );
  } else
    parts.push(
      '<p class="note">No eval-nets record: evaluation networks and real-vs-real baselines are unknown.</p>',
    );

  const codecs = [...model.codecs.values()];
  if (codecs.length)
    parts.push(
      '<h3>Codecs</h3>',
      table(
        [
          'name',
          'type',
          'latent',
          'bits / position',
          'params',
          'sha256',
          'source',
          'PSNR (dB)',
          'SSIM',
          'reconstruction FD',
          'prompt ceiling',
        ],
        codecs.map((c) => [
          escapeHtml(c.name),
          escapeHtml(c.id),
          `${c.latentKind} ${c.latentShape.height}×${c.latentShape.width}×${c.latentShape.channels}`,
          String(c.bitsPerPosition),
          c.params.toLocaleString('en-US'),
          short(c.hash),
          escapeHtml(c.source),
          metric(c.reconstruction.psnr, 2),
          metric(c.reconstruction.ssim),
          metric(c.reconstruction.fd, 2),
          metric(c.reconstruction.promptAccuracy),
        ]),
      ),
    );

  const trains = resultsOf(model.records, 'train');
  if (trains.length) {
    const groups = groupBy(trains, (t) => `${t.objective}|${t.size}|${t.codec}`);
    parts.push(
      '<h3>Trained generators</h3>',
      table(
        [
          'objective',
          'size',
          'codec',
          'params',
          'lr',
          'batch',
          'EMA half-life',
          'seeds',
          'FLOPs per example',
          'budgets',
        ],
        [...groups.values()].map((g) => {
          const t = g[0]!;
          return [
            escapeHtml(t.objective),
            escapeHtml(t.size),
            escapeHtml(t.codec),
            t.params.toLocaleString('en-US'),
            [...new Set(g.map((x) => x.lr))].map((v) => num(v)).join(', '),
            String(t.batchSize),
            t.ema ? String(t.ema.halfLife) : 'off',
            g
              .map((x) => x.seed)
              .sort((a, b) => a - b)
              .join(', '),
            num(t.flopsPerExample.model),
            String(t.milestones.length),
          ];
        }),
      ),
    );
  }

  const metricNs = new Map<string, Map<number, number>>();
  const add = (m: Metric) => {
    if (!m) return;
    const byN = metricNs.get(m.name) ?? new Map<number, number>();
    byN.set(m.n, (byN.get(m.n) ?? 0) + 1);
    metricNs.set(m.name, byN);
  };
  for (const e of model.evals) for (const m of Object.values(e.quality)) add(m);
  for (const r of model.inference) for (const p of r.points) for (const m of Object.values(p.quality)) add(m);
  if (metricNs.size)
    parts.push(
      '<h3>N per metric</h3><p>Sample sizes behind every generated-image metric (FD and KID depend on N; compare only equal N).</p>',
      table(
        ['metric', 'N (number of values)'],
        [...metricNs.entries()].map(([name, byN]) => [
          escapeHtml(name),
          [...byN.entries()].map(([n, c]) => `N=${n} (${c})`).join(', '),
        ]),
      ),
    );
  return parts.join('\n');
}
