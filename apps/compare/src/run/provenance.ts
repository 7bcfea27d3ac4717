/** Where results come from: the git commit of the code and the machine, recorded in every manifest. */
import { execFileSync } from 'node:child_process';
import { arch, cpus, platform } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The code's git commit and whether the tree had uncommitted changes. */
export interface Provenance {
  gitCommit: string | null;
  gitDirty: boolean;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    });
  } catch {
    return undefined;
  }
}

/**
 * `git rev-parse HEAD` of the checkout holding `from` (default: this app's own folder), and whether the
 * app or its packages have uncommitted changes. `{ gitCommit: null }` outside a git checkout.
 */
export function readProvenance(from = dirname(fileURLToPath(import.meta.url))): Provenance {
  const head = git(['rev-parse', 'HEAD'], from)?.trim();
  if (!head) return { gitCommit: null, gitDirty: false };
  const status = git(['status', '--porcelain', '--untracked-files=no', '--', '.'], from) ?? '';
  return { gitCommit: head, gitDirty: status.trim().length > 0 };
}

/** The machine in words: `linux x64, 2 cores (model), Node v20.19.0`. */
export function describeDevice(): string {
  const list = cpus();
  const model = list[0]?.model?.trim() ?? 'unknown CPU';
  return `${platform()} ${arch()}, ${list.length} cores (${model}), Node ${process.version}`;
}
