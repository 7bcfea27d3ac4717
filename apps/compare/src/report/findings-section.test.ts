import { describe, expect, it } from 'vitest';
import { tooFewEstimate } from './findings/estimate.js';
import type { Finding } from './findings/finding.js';
import { renderFindingsSection } from './findings-section.js';

const finding: Finding = {
  number: 2,
  id: 'inference-cost',
  claim: 'Next-token is <cheapest>.',
  rule: 'a rule',
  verdict: 'inconclusive',
  reason: 'Too few points: only 1 seed.',
  comparisons: [
    {
      label: 'flow − next-token',
      unit: 'log10 FLOPs per image',
      estimate: tooFewEstimate('only 1 seed', 0.95, 'bootstrap'),
      want: 'above',
      role: 'required',
      side: 'too-few',
    },
  ],
  notes: ['Target FD 12.00.'],
};

describe('findings section', () => {
  it('renders one row per finding with verdict, rule, escaped text and the comparisons', () => {
    const html = renderFindingsSection([finding, { ...finding, number: 3, verdict: 'not supported' }]);
    expect(html).toContain('<tr id="finding-2" data-verdict="inconclusive">');
    expect(html).toContain('<span class="verdict inconclusive">inconclusive</span>');
    expect(html).toContain('<span class="verdict refuted">not supported</span>');
    expect(html).toContain('Next-token is &lt;cheapest&gt;.');
    expect(html).toContain('n/a (only 1 seed)');
    expect(html).toContain('too few points</span>');
    expect(html).toContain('<li>Target FD 12.00.</li>');
  });
});
