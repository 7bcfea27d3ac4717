import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeExample } from './readme-example.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir('flopmatch-readme-example-');

describe('readmeExample', () => {
  it('unindents the marked block and reads ../README.md', async () => {
    await mkdir(join(dir(), 'src'), { recursive: true });
    await writeFile(join(dir(), 'README.md'), '# pkg\n\n```ts\nconst a = 1;\nif (a) {\n  f(a);\n}\n```\n');
    const test = join(dir(), 'src', 'readme.test.ts');
    await writeFile(
      test,
      [
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
        '',
      ].join('\n'),
    );
    const { block, readme } = await readmeExample(pathToFileURL(test).href);
    expect(block).toBe('const a = 1;\nif (a) {\n  f(a);\n}\n');
    expect(readme).toContain(block);
    expect((await readmeExample(pathToFileURL(test).href, { name: 'deep', indent: 4 })).block).toBe('g();\n');
    await expect(readmeExample(pathToFileURL(test).href, { name: 'missing' })).rejects.toThrow(
      /readme\.test\.ts: no '\/\/ README:missing:start'/,
    );
  });

  it('useTempDir gives the same existing folder to every test of the file', () => {
    expect(dir()).toContain('flopmatch-readme-example-');
  });
});
