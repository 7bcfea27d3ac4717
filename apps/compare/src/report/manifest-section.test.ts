import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../../test/report-fixture.js';
import { renderManifestSection } from './manifest-section.js';
import { buildReportModel } from './report-model.js';

describe('manifest section', () => {
  it('lists provenance, baselines, codecs and N per metric', () => {
    const { records } = fixtureRecords();
    const html = renderManifestSection(buildReportModel('run', undefined, records));
    expect(html).toContain('run.json</td><td>missing');
    expect(html).toContain('wasm (441)');
    expect(html).toContain('<td>500</td><td>1.80 <span class="n">N=500</span>');
    expect(html).toContain('vq-k1024');
    // 360 evaluations + 12 sweeps per objective × (5 flow + 4 MaskGIT + 3 next-token settings)
    expect(html).toContain('FD-shapes-v1</td><td>N=500 (504)');
    expect(html).not.toContain('class="warnings"');
  });

  it('warns when units ran on different backends or from a modified tree', () => {
    const { records } = fixtureRecords();
    const mixed = records.map((r, i) =>
      i === 5 ? { ...r, manifest: { ...r.manifest, backend: 'cpu', gitDirty: true } } : r,
    );
    const html = renderManifestSection(buildReportModel('run', undefined, mixed));
    expect(html).toContain('Units ran on 2 different backends');
    expect(html).toContain('1 unit ran from a tree with uncommitted changes.');
  });
});
