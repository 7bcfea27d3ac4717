import { createRegistry, parseConfig, Rng } from '@flopmatch/core';
import { z } from 'zod';

// A swappable component: a zod config, a factory, and a registry entry `source:noise`.
const NoiseConfig = z.object({ type: z.literal('noise'), scale: z.number().positive().default(1) }).strict();
function makeNoise(config: unknown) {
  const { scale } = parseConfig(NoiseConfig, config, 'noise config'); // field-named errors, frozen result
  return (rng: Rng, n: number) => Array.from({ length: n }, () => scale * rng.normal());
}
const sources = createRegistry('source', { noise: makeNoise });

const draw = sources.get('source:noise')({ type: 'noise', scale: 0.5 });
const rng = new Rng(42);
export const samples = draw(rng.split('noise'), 3); // same numbers everywhere, whatever else draws from rng
