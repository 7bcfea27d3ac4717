import { objectCoverage, SHAPE_NAMES } from '@flopmatch/data';
import { describe, expect, it } from 'vitest';
import { centroidOffset, classifyShape } from './classify-shape.js';
import { connectedComponents } from './connected-components.js';

describe('centroidOffset', () => {
  it('is 1/3 of the radius below the centre for the triangle and 0 for symmetric shapes', () => {
    expect(centroidOffset('triangle')).toBeCloseTo(1 / 3, 3);
    for (const s of ['circle', 'square', 'cross', 'diamond', 'ring'] as const)
      expect(centroidOffset(s)).toBeCloseTo(0, 6);
  });
});

describe('classifyShape', () => {
  it.each(SHAPE_NAMES.flatMap((shape) => [2.6, 4.3, 8].map((radius) => [shape, radius] as const)))(
    'recognises a rendered %s of radius %f px among all shapes, recovering radius and centre',
    (shape, radius) => {
      const width = 24;
      const centre = { x: 11.3, y: 12.6 };
      const coverage = objectCoverage({ shape, colour: 'red', centre, radius }, { width, height: width });
      const label = Int8Array.from(coverage, (a) => (a > 0 ? 0 : -1));
      const [component] = connectedComponents(
        { width, height: width, label, coverage, colours: ['red'] },
        0.53,
      );
      const fit = classifyShape(component!, coverage, width, width, SHAPE_NAMES);
      expect(fit.shape).toBe(shape);
      expect(fit.score).toBeGreaterThan(0.9);
      expect(fit.score - fit.runnerUp!.score).toBeGreaterThan(0.05);
      expect(fit.radius).toBeCloseTo(radius, 0);
      expect(Math.hypot(fit.centre.x - centre.x, fit.centre.y - centre.y)).toBeLessThan(0.25);
    },
  );
});
