/** The findings table: each claim, its verdict, the rule beside it and the numbers the rule read. */
import type { Finding } from './findings/finding.js';
import { formatEstimate } from './findings/finding.js';
import { escapeHtml } from './html-escape.js';

const VERDICT_CLASS = {
  supported: 'supported',
  'not supported': 'refuted',
  inconclusive: 'inconclusive',
} as const;

/** Renders `findings` as a table (one row per claim). */
export function renderFindingsSection(findings: readonly Finding[]): string {
  const rows = findings.map((f) => {
    const comparisons = f.comparisons
      .map(
        (c) =>
          `<li><span class="cmp">${escapeHtml(c.label)}</span>: <span class="num">${escapeHtml(formatEstimate(c.estimate))}</span> ${escapeHtml(c.unit)}` +
          `${c.side ? ` <span class="side side-${c.side}">${c.side === 'too-few' ? 'too few points' : `${c.side} 0`}</span>` : ''}` +
          `${c.role === 'not-opposite' ? ' <span class="role">(secondary: can only refute)</span>' : ''}</li>`,
      )
      .join('');
    const method = f.comparisons.find((c) => c.estimate.tooFew === undefined)?.estimate.method;
    const notes = f.notes.length
      ? `<details><summary>numbers</summary><ul>${f.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>`
      : '';
    return (
      `<tr id="finding-${f.number}" data-verdict="${f.verdict}"><td class="n">${f.number}</td>` +
      `<td><strong>${escapeHtml(f.claim)}</strong><p class="rule"><em>Rule:</em> ${escapeHtml(f.rule)}</p></td>` +
      `<td><span class="verdict ${VERDICT_CLASS[f.verdict]}">${escapeHtml(f.verdict)}</span></td>` +
      `<td><p>${escapeHtml(f.reason)}</p>${comparisons ? `<ul class="cmps">${comparisons}</ul>` : ''}` +
      `${method ? `<p class="method">${escapeHtml(method)}</p>` : ''}${notes}</td></tr>`
    );
  });
  return (
    '<table class="findings"><thead><tr><th>#</th><th>claim and rule</th><th>verdict</th><th>evidence (estimate [interval])</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
