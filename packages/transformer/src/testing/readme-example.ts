/**
 * README examples run as tests: the block between `// README:<name>:start` and `// README:<name>:end` in a
 * test file must appear verbatim (up to its indentation) in the package's README.md.
 */
import { readFile } from 'node:fs/promises';

/** Options of `readmeExample`. */
export interface ReadmeExampleOptions {
  /** The marker name. Default `example`. */
  name?: string;
  /** Spaces of indentation the block has in the test and not in the README. Default 2. */
  indent?: number;
}

/** The example block of a test file and its package's README (`../README.md` from the test's folder). */
export interface ReadmeExample {
  /** The lines between the markers, unindented. */
  block: string;
  /** The package README's text. */
  readme: string;
}

/**
 * Reads the example block of `testFileUrl` (pass `import.meta.url`) and the README beside its folder;
 * throws when the markers are missing or enclose nothing.
 *
 * @example
 * const { block, readme } = await readmeExample(import.meta.url);
 * expect(readme).toContain(block);
 */
export async function readmeExample(
  testFileUrl: string,
  options: ReadmeExampleOptions = {},
): Promise<ReadmeExample> {
  const name = options.name ?? 'example';
  const pad = ' '.repeat(options.indent ?? 2);
  const source = await readFile(new URL(testFileUrl), 'utf8');
  const body = source.split(`// README:${name}:start\n`)[1]?.split(`${pad}// README:${name}:end`)[0];
  if (!body) {
    throw new Error(
      `${testFileUrl}: no '// README:${name}:start' … '${pad}// README:${name}:end' block; mark the example`,
    );
  }
  const block = body
    .split('\n')
    .map((line) => (line.startsWith(pad) ? line.slice(pad.length) : line))
    .join('\n');
  return { block, readme: await readFile(new URL('../README.md', testFileUrl), 'utf8') };
}
