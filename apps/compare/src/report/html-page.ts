/**
 * The page shell: one static HTML document with inline CSS — no scripts, no external fonts, stylesheets
 * or images other than the run's own sample grids — so it opens from disk in any browser.
 */
import { escapeHtml } from './html-escape.js';

/** One top-level section of the page. */
export interface PageSection {
  id: string;
  title: string;
  /** HTML of the section body. */
  body: string;
}

const CSS = `
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fff;--soft:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
header{padding-top:24px;border-bottom:1px solid var(--line)}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
.sub{color:var(--muted);margin:0 0 10px}
nav{display:flex;flex-wrap:wrap;gap:14px;padding:6px 0 12px}nav a{color:#0b57d0;text-decoration:none}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:18px}
figure{margin:0}figure.plot{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
figure.plot h3{margin:0 0 4px}figure.plot svg{max-width:100%;height:auto;display:block;background:#fff}
figcaption{color:var(--muted);font-size:12.5px;margin-top:6px}
figure.plot-missing{border:1px dashed var(--line);padding:10px 12px;color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
table.data td{font-variant-numeric:tabular-nums}
.n{color:var(--muted);font-size:12px}
table.findings td.n{font-size:15px;font-weight:600;color:var(--fg);width:28px}
table.findings td:nth-child(2){width:34%}table.findings td:nth-child(3){width:118px}
.rule{color:var(--muted);font-size:12.5px;margin:4px 0 0}
.verdict{display:inline-block;padding:2px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.verdict.supported{background:#d7f2e3;color:#0b6b3a}.verdict.refuted{background:#fbe0dd;color:#a1271b}
.verdict.inconclusive{background:#eceef1;color:#4a4f57}
.cmps{margin:4px 0;padding-left:18px}.num{font-variant-numeric:tabular-nums;font-weight:600}
.side{font-size:12px;padding:0 5px;border-radius:6px;background:#eceef1}
.side-above,.side-below{background:#e7efff}.side-too-few{background:#fff3d6}
.role,.method{color:var(--muted);font-size:12px}
.note{color:var(--muted)}
ul.warnings{background:#fff3d6;border:1px solid #f0d48a;border-radius:6px;padding:8px 8px 8px 28px}
.grids{display:flex;flex-wrap:wrap;gap:14px}
figure.grid{max-width:206px}figure.grid img{image-rendering:pixelated;width:200px;height:auto;border:1px solid var(--line);display:block}
.missing{width:200px;height:100px;display:flex;align-items:center;justify-content:center;border:1px dashed #c55;color:#a1271b;font-size:12px;padding:8px;text-align:center}
ol.prompts{columns:2;font-size:13px}
pre{background:var(--soft);padding:10px;overflow:auto;font-size:12px}
code{font-size:12.5px}
footer{color:var(--muted);font-size:12.5px;padding:24px 20px 40px}
`;

/** Renders the whole document. */
export function renderPage(
  title: string,
  subtitle: string,
  sections: readonly PageSection[],
  footer: string,
): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections
    .map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(subtitle)}</p><nav>${nav}</nav></header>
<main>
${body}
</main>
<footer>${footer}</footer>
</body>
</html>
`;
}
