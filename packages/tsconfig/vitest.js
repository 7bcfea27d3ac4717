// Shared vitest project settings: tests import workspace packages from their TypeScript sources
// (the "@flopmatch/source" export condition), so `npm test` needs no build step.
//
// Suffixes: `*.slow.test.ts` run only with FLOPMATCH_SLOW_TESTS=1 (minutes of training: outside the
// 10-minute CI budget); `*.gpu.test.ts` run only with FLOPMATCH_GPU_TESTS=1 (need a real GPU adapter).
import { defineProject } from 'vitest/config';

const conditions = ['@flopmatch/source', 'module', 'node', 'import', 'default'];

/**
 * @param {string} name project name shown by vitest
 * @param {{ testTimeout?: number }} [options]
 */
export function packageProject(name, options = {}) {
  const exclude = ['**/node_modules/**', '**/dist/**'];
  if (process.env.FLOPMATCH_SLOW_TESTS !== '1') exclude.push('**/*.slow.test.ts');
  if (process.env.FLOPMATCH_GPU_TESTS !== '1') exclude.push('**/*.gpu.test.ts');
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['node', 'import', 'default'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts'],
      exclude,
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 120_000,
    },
  });
}
