/**
 * Opens the report of a synthetic run in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) and checks what a reader sees: no console errors, no broken images, every plot with
 * both axis labels and a legend, and the findings table. Saves a full-page screenshot beside the run
 * (kept when FLOPMATCH_KEEP_REPORT=1, printed either way). Skips, saying why, when Chromium is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../src/report/write-report.js';
import { REPORT_FIGURES, writeFixtureRun } from './report-fixture.js';

/** The few DOM shapes the in-page functions use (the app's tsconfig has no DOM lib). */
interface DomNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): { width: number };
}
interface DomImage extends DomNode {
  loading: string;
  complete: boolean;
  naturalWidth: number;
  decode(): Promise<void>;
}
interface BrowserGlobals {
  document: { images: ArrayLike<DomImage>; querySelectorAll(selector: string): ArrayLike<DomNode> };
}

const CHROMIUM = process.env.FLOPMATCH_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set FLOPMATCH_CHROMIUM)`,
  );

describe.skipIf(!hasChromium)('report in headless Chromium', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'flopmatch-report-browser-'));
  });
  afterAll(async () => {
    if (process.env.FLOPMATCH_KEEP_REPORT !== '1') await rm(root, { recursive: true, force: true });
  });

  it('renders without errors, with labelled axes and legends on every plot', async () => {
    const runDir = join(root, 'run');
    await writeFixtureRun(runDir);
    const { htmlPath } = await writeReport(runDir, { resamples: 300 });

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      // lazy images below the fold: load every one before checking
      await page.evaluate(async () => {
        const images = Array.from((globalThis as unknown as BrowserGlobals).document.images);
        for (const img of images) img.loading = 'eager';
        await Promise.all(images.map((img) => (img.complete ? null : img.decode().catch(() => null))));
      });
      const images = await page.evaluate(() =>
        Array.from((globalThis as unknown as BrowserGlobals).document.images).map((i) => ({
          src: i.getAttribute('src'),
          complete: i.complete,
          width: i.naturalWidth,
        })),
      );
      expect(images.length).toBeGreaterThan(0);
      expect(images.filter((i) => !i.complete || i.width === 0)).toEqual([]);

      const plots = await page.evaluate(() =>
        Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('figure.plot')).map(
          (f) => ({
            id: f.getAttribute('data-plot'),
            x: f.querySelector('.axis-label.x')?.textContent ?? '',
            y: f.querySelector('.axis-label.y')?.textContent ?? '',
            legend: f.querySelectorAll('.legend .legend-item').length,
            xTicks: f.querySelectorAll('.axis.x .tick').length,
            yTicks: f.querySelectorAll('.axis.y .tick').length,
            width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          }),
        ),
      );
      expect(plots.map((p) => p.id)).toEqual(REPORT_FIGURES);
      for (const p of plots) {
        expect(p.x, `${p.id} x label`).toMatch(/\(.+\)/); // a unit in parentheses
        expect(p.y, `${p.id} y label`).toMatch(/\(.+\)/);
        expect(p.legend, `${p.id} legend`).toBeGreaterThan(0);
        expect(p.xTicks, `${p.id} x ticks`).toBeGreaterThan(1);
        expect(p.yTicks, `${p.id} y ticks`).toBeGreaterThan(1);
        expect(p.width, `${p.id} drawn`).toBeGreaterThan(200);
      }
      expect(await page.locator('table.findings tbody tr .verdict').allTextContents()).toHaveLength(5);
      expect(await page.locator('figure.plot-missing').count()).toBe(0);

      const shot = join(root, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(10_000);
      console.log(`report screenshot: ${shot}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
