// The README's example runs as a test (STYLE habit 15): its code block is written to a temporary module
// with every workspace import pointed at that package's source tree, then imported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

it('runs the README example', async () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const module = join(mkdtempSync(join(tmpdir(), 'flopmatch-readme-')), 'example.ts');
  const packages = join(import.meta.dirname, '..', '..');
  writeFileSync(
    module,
    code!.replace(
      /from '@flopmatch\/([a-z-]+)'/g,
      (_, name) => `from '${join(packages, name, 'src', 'index.ts')}'`,
    ),
  );
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ module);
  expect(log.mock.calls[0]!.slice(0, 2)).toEqual([
    [2, 8, 8, 4],
    [2, 32, 32, 3],
  ]);
  expect(log.mock.calls[0]![2]).toBeGreaterThan(90_000);
  log.mockRestore();
});
