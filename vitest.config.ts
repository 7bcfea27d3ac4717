// One vitest run covers every package and app (vitest 4 `test.projects`; `workspace` was removed).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tests/*/vitest.config.ts'],
    // Two cores: one worker per core; wasm runs single-threaded in each.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
