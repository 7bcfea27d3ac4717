// The README's example runs as a test (STYLE habit 15): its code block is written to a temporary module
// with the package import pointed at this source tree, then imported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initRuntime } from '@flopmatch/runtime';
import { expect, it } from 'vitest';
import { readPng } from './image/png.js';

it('runs the README example', async () => {
  await initRuntime({ backend: 'cpu' });
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const module = join(mkdtempSync(join(tmpdir(), 'flopmatch-readme-')), 'example.ts');
  writeFileSync(
    module,
    code!.replace("from '@flopmatch/data'", `from '${join(import.meta.dirname, 'index.ts')}'`),
  );
  await import(/* @vite-ignore */ module);
  const grid = readPng(join(tmpdir(), 'shapes.png'));
  expect([grid.width, grid.height]).toEqual([8 * 32 + 9 * 2, 8 * 32 + 9 * 2]);
});
