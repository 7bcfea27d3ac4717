import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { readmeExample } from './readme-example.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir('flopmatch-readme-example-');

/** Writes `README.md` and `src/readme.test.ts` (the given lines) into the temp folder; the test's URL. */
async function fixture(readme: string, testLines: string[]): Promise<string> {
  await mkdir(join(dir(), 'src'), { recursive: true });
  await writeFile(join(dir(), 'README.md'), readme);
  const test = join(dir(), 'src', 'readme.test.ts');
  await writeFile(test, [...testLines, ''].join('\n'));
  return pathToFileURL(test).href;
}

describe('readmeExample', () => {
  it('unindents the marked block, keeps nested indentation and reads ../README.md', async () => {
    const url = await fixture('# pkg\n\n```ts\nconst a = 1;\nif (a) {\n  f(a);\n}\n```\n', [
      "it('x', () => {",
      '  // README:example:start',
      '  const a = 1;',
      '  if (a) {',
      '    f(a);',
      '  }',
      '  // README:example:end',
      '    // README:deep:start',
      '    g();',
      '    // README:deep:end',
      '});',
    ]);
    const { block, readme } = await readmeExample(url);
    expect(block).toBe('const a = 1;\nif (a) {\n  f(a);\n}\n');
    expect(readme).toContain(block);
    expect((await readmeExample(url, { name: 'deep', indent: 4 })).block).toBe('g();\n');
  });

  it("rewrites join(<dirVariable>, 'path') to the plain path, and only for that variable", async () => {
    const url = await fixture('', [
      '  // README:example:start',
      "  await save(t, join(tmp.dir, 'a/b.json'));",
      "  load(join(tmp.dir, 'c.json'), join(other, 'd.json'));",
      '  // README:example:end',
    ]);
    expect((await readmeExample(url, { dirVariable: 'tmp.dir' })).block).toBe(
      "await save(t, 'a/b.json');\nload('c.json', join(other, 'd.json'));\n",
    );
    expect((await readmeExample(url)).block).toContain("join(tmp.dir, 'a/b.json')");
  });

  it('names the test file and the markers when the block is missing or empty', async () => {
    const url = await fixture('', ['  // README:example:start', '  // README:example:end']);
    const missing = readmeExample(url, { name: 'missing' });
    await expect(missing).rejects.toBeInstanceOf(FileFormatError);
    await expect(missing).rejects.toThrow(/readme\.test\.ts: no '\/\/ README:missing:start'/);
    await expect(readmeExample(url)).rejects.toThrow(/fix: mark the example/);
    // the end marker at the wrong indentation is not found
    await expect(readmeExample(url, { indent: 4 })).rejects.toThrow(/' {4}\/\/ README:example:end'/);
  });
});
