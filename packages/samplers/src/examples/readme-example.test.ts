import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);
const source = readFileSync(new URL('readme-example.ts', here), 'utf8');
const readme = readFileSync(new URL('../../README.md', here), 'utf8');

describe('README example', () => {
  it('is the code of readme-example.ts, verbatim', () => {
    const example = source.slice(0, source.indexOf('// ---- end of README example ----')).trimEnd();
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]?.trimEnd();
    expect(block).toBe(example);
  });

  it('runs and prints what it says', async () => {
    const { cost, estimate, images } = await import('./readme-example.js');
    expect(images.shape).toEqual([4, 2, 2, 1]);
    // Heun, 10 steps: 19 evaluations × one call of 2N = 8 rows × 1000 FLOPs, plus 4 decodes × 777
    expect(cost.nfe).toBe(19);
    expect(cost.flops.total.model).toBe(19 * 8 * 1000 + 4 * 777);
    expect(estimate.flops.total).toEqual(cost.flops.total);
  });
});
