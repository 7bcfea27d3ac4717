// The README's example runs as a test (STYLE habit 15): its code block is written to a temporary module with
// every workspace import pointed at that package's source tree and the codec path at this package's codecs/.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

it('runs the README example', async () => {
  const root = join(import.meta.dirname, '..');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const packages = join(root, '..');
  const module = join(mkdtempSync(join(tmpdir(), 'flopmatch-readme-')), 'example.ts');
  writeFileSync(
    module,
    `${code!
      .replace(
        /from '@flopmatch\/([a-z-]+)'/g,
        (_, name) => `from '${join(packages, name, 'src', 'index.ts')}'`,
      )
      .replaceAll('node_modules/@flopmatch/vae/codecs', join(root, 'codecs'))}\n`,
  );
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ module);
  expect(log.mock.calls[0]).toEqual([
    [1, 8, 8, 4],
    [1, 32, 32, 3],
  ]);
  log.mockRestore();
});
