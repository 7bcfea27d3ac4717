/**
 * README examples run as tests: the block between `// README:<name>:start` and `// README:<name>:end` in a
 * test file must appear verbatim (up to its indentation) in the package's README.md.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FileFormatError } from '@flopmatch/core';

/** Options of `readmeExample`. */
export interface ReadmeExampleOptions {
  /** The marker name: the block sits between `// README:<name>:start` and `// README:<name>:end`. Default `example`. */
  name?: string;
  /** Spaces of indentation the block has in the test and not in the README (2 inside `it`, 4 inside `describe`). Default 2. */
  indent?: number;
  /**
   * A temporary-folder variable of the test: its calls `join(<dirVariable>, '<path>')` read as `'<path>'` in
   * the README, so the example writes into the test's folder but shows plain paths. Default: none.
   */
  dirVariable?: string;
}

/** The example block of a test file and its package's README (`../README.md` from the test's folder). */
export interface ReadmeExample {
  /** The lines between the markers, unindented (and with `dirVariable` joins rewritten), ending in a newline. */
  block: string;
  /** The package README's text. */
  readme: string;
}

/**
 * Reads the example block of `testFileUrl` (pass `import.meta.url`) and the README beside its folder;
 * throws a `FileFormatError` naming the test file when either marker is missing (the end marker at
 * `indent`) or they enclose nothing.
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
  const after = source.split(`// README:${name}:start\n`)[1];
  const [body, ...rest] = after?.split(`${pad}// README:${name}:end`) ?? [];
  if (!body || rest.length === 0) {
    throw new FileFormatError(
      fileURLToPath(testFileUrl),
      `no '// README:${name}:start' … '${pad}// README:${name}:end' block`,
      `mark the example with those two comments (the end marker indented by ${pad.length} spaces)`,
    );
  }
  let block = body
    .split('\n')
    .map((line) => (line.startsWith(pad) ? line.slice(pad.length) : line))
    .join('\n');
  if (options.dirVariable !== undefined) {
    const call = new RegExp(`join\\(${escapeRegExp(options.dirVariable)}, '([^']+)'\\)`, 'g');
    block = block.replace(call, "'$1'");
  }
  return { block, readme: await readFile(new URL('../README.md', testFileUrl), 'utf8') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
