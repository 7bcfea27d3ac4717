/** The sample-grid section: one grid per objective and training budget, with its prompts. */
import type { GridEntry } from './collect-grids.js';
import { escapeHtml } from './html-escape.js';
import { OBJECTIVE_LABELS, OBJECTIVES } from './objective-style.js';
import { formatFlops } from './report-data.js';

function promptList(prompts: readonly string[]): string {
  return `<ol class="prompts">${prompts.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ol>`;
}

/** Renders the grids; prompts shared by every grid are listed once above them. */
export function renderSamplesSection(grids: readonly GridEntry[]): string {
  if (grids.length === 0) return '<p>No sample grids were recorded in this run.</p>';
  const first = grids[0]!.prompts;
  const shared =
    first !== undefined && grids.every((g) => JSON.stringify(g.prompts) === JSON.stringify(first));
  const parts: string[] = [];
  if (shared)
    parts.push(
      `<p>Every grid uses the same prompts, one per cell in reading order (left to right, top to bottom):</p>${promptList(first!)}`,
    );
  else if (grids.every((g) => g.prompts === undefined))
    parts.push(
      '<p class="note">Prompts were not recorded for these grids (no <code>&lt;grid&gt;.prompts.json</code> beside them).</p>',
    );
  for (const o of OBJECTIVES) {
    const mine = grids.filter((g) => g.objective === o);
    if (mine.length === 0) continue;
    parts.push(`<h3>${escapeHtml(OBJECTIVE_LABELS[o])}</h3><div class="grids">`);
    for (const g of mine) {
      const e = g.eval;
      const caption = `${formatFlops(g.budgetFlops)} FLOPs · ${e.size} · ${e.codec} · seed ${e.seed} · ${e.weights} · FD ${e.quality.fd.value.toFixed(2)}`;
      const image = g.src
        ? `<img src="${escapeHtml(g.src)}" alt="${escapeHtml(`samples of ${o} at ${formatFlops(g.budgetFlops)} FLOPs`)}" loading="lazy">`
        : `<div class="missing">grid file missing: ${escapeHtml(g.path)}</div>`;
      const own =
        !shared && g.prompts
          ? `<details><summary>prompts</summary>${promptList(g.prompts)}</details>`
          : g.promptsProblem
            ? `<p class="note">${escapeHtml(g.promptsProblem)}</p>`
            : '';
      parts.push(
        `<figure class="grid">${image}<figcaption>${escapeHtml(caption)}</figcaption>${own}</figure>`,
      );
    }
    parts.push('</div>');
  }
  return parts.join('\n');
}
