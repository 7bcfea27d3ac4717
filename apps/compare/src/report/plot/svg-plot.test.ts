import { describe, expect, it } from 'vitest';
import { makeScale, paddedDomain } from './plot-scale.js';
import { type PlotSpec, renderPlot } from './svg-plot.js';

const spec: PlotSpec = {
  id: 'fd',
  title: 'FD vs compute',
  caption: 'Lower is better.',
  x: { label: 'training compute', unit: 'FLOPs', scale: 'log' },
  y: { label: 'Fréchet distance', unit: 'FD' },
  series: [
    {
      name: 'next-token',
      color: '#009E73',
      points: [
        { x: 1e12, y: 40, yLow: 38, yHigh: 42, label: 'd64' },
        { x: 1e13, y: 30 },
        { x: 1e14, y: 25 },
      ],
      band: [
        { x: 1e12, low: 37, high: 43 },
        { x: 1e14, low: 23, high: 27 },
      ],
    },
    {
      name: 'flow <tuned>',
      color: '#0072B2',
      line: 'dashed',
      marker: 'square',
      points: [
        { x: 1e12, y: 50 },
        { x: Number.NaN, y: 3 },
      ],
    },
  ],
  references: [{ name: 'real vs real (N = 500)', color: '#555', y: 4 }],
};

describe('renderPlot', () => {
  const html = renderPlot(spec);

  it('labels both axes with their units and the log scale', () => {
    expect(html).toContain('<text class="axis-label x"');
    expect(html).toContain('training compute (FLOPs), log scale</text>');
    expect(html).toContain('Fréchet distance (FD)</text>');
    expect(html).toContain('10<tspan dy="-5" font-size="8">12</tspan>');
  });

  it('has one legend item per series and reference line, with names escaped', () => {
    expect(html.match(/class="legend-item"/g)).toHaveLength(3);
    expect(html).toContain('flow &lt;tuned&gt;');
    expect(html).not.toContain('<tuned>');
    expect(html).toContain('real vs real (N = 500)');
  });

  it('places markers where the scales put them and drops non-finite points', () => {
    const x = makeScale('log', paddedDomain([1e12, 1e13, 1e14, 1e12, 1e14, 1e12], 'log'), [64, 504]);
    const y = makeScale(
      'linear',
      paddedDomain([40, 38, 42, 30, 25, 37, 43, 23, 27, 50, 4], 'linear'),
      [254, 12],
    );
    const cx = Math.round(x.map(1e13) * 10) / 10;
    const cy = Math.round(y.map(30) * 10) / 10;
    expect(html).toContain(`<circle cx="${cx}" cy="${cy}"`);
    expect(html.match(/<circle /g)).toHaveLength(3 + 1); // 3 points + the legend swatch of next-token
    expect(html.match(/<rect [^>]*width="7.2"/g)).toHaveLength(1 + 1); // flow's one finite point + its swatch
  });

  it('draws error bars, bands, point labels, reference lines and a caption', () => {
    expect(html.match(/class="error-bar"/g)).toHaveLength(1);
    expect(html).toContain('class="band"');
    expect(html).toContain('>d64</text>');
    expect(html).toContain('class="reference"');
    expect(html).toContain('<figcaption>Lower is better.</figcaption>');
    expect(html).toMatch(/^<figure class="plot" id="plot-fd" data-plot="fd"><h3>FD vs compute<\/h3><svg /);
  });

  it('moves a point label that would overlap an earlier one', () => {
    const two = renderPlot({
      ...spec,
      series: [
        {
          name: 'a',
          color: '#000',
          points: [
            { x: 1, y: 1, label: 'vq-k1024' },
            { x: 2, y: 2 },
          ],
        },
        { name: 'b', color: '#111', points: [{ x: 1, y: 1, label: 'vae-c4' }] },
      ],
      x: { label: 'x', unit: 'u' },
    });
    const spots = [
      ...two.matchAll(/<text class="point-label" x="([^"]+)" y="([^"]+)" text-anchor="(\w+)"/g),
    ].map((m) => m.slice(1).join(','));
    expect(spots).toHaveLength(2);
    expect(spots[0]).not.toBe(spots[1]);
  });

  it('says so when no point is left to draw', () => {
    const empty = renderPlot({ ...spec, series: [{ name: 'x', color: '#000', points: [{ x: -1, y: 1 }] }] });
    expect(empty).toContain('class="plot-missing"');
    expect(empty).toContain('No data for this plot');
  });
});
