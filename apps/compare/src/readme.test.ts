// The README's example, run as written (its numbers are the small preset's, checked here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initRuntime } from '@flopmatch/runtime';
import { expect, it } from 'vitest';
import { buildPlan, defaultRegistries, loadSweep, registryPricing, trainerPlanner } from './index.js';

it('README: plans the small preset with ledger prices', async () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain('const units = buildPlan(sweep, registryPricing(registries, trainerPlanner));');
  await initRuntime({ backend: 'wasm' });
  const { sweep, registries } = await loadSweep({
    preset: 'small',
    cwd: process.cwd(),
    registries: defaultRegistries(),
  });
  const units = buildPlan(sweep, registryPricing(registries, trainerPlanner));
  const runs = units.filter((u) => u.kind === 'train');
  // 3 objectives × 2 sizes × 2 codecs of their kind × 3 seeds.
  expect(runs.length).toBe(36);
  expect(readme).toContain(
    `console.log(runs.length, runs[0]?.summary); // ${runs.length} '${runs[0]?.summary}'`,
  );
  for (const run of runs) expect(run.flops.model).toBeGreaterThanOrEqual(3e11);
}, 120_000);
