// Claim: rendering 10 000 shapes images (32 px, 4×4 supersampling) takes under 10 s on one core.
// Run: npx vitest bench --run --project data   (from the repo root). Each case renders 1 000 images; the
// baseline draws the same scene graphs without pixels, and `supersample: 1` shows the anti-aliasing cost.
import { bench, describe } from 'vitest';
import { ShapesDataset } from '../src/shapes/shapes-dataset.js';

const N = 1000;
const aa = new ShapesDataset({ seed: 0 });
const aliased = new ShapesDataset({ seed: 0, supersample: 1 });

describe('shapes: 1 000 samples', () => {
  bench('scene graphs only (baseline)', () => {
    for (let i = 0; i < N; i++) aa.scene(i);
  });
  bench('render, supersample 1', () => {
    for (let i = 0; i < N; i++) aliased.get(i);
  });
  bench('render, supersample 4 (default)', () => {
    for (let i = 0; i < N; i++) aa.get(i);
  });
});
