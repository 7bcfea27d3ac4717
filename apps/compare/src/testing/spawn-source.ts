/** Starts a TypeScript entry of this app as a Node child process through the source hooks (tests only). */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { resolveWorkerEntry } from '../pool/worker-entry.js';

/** Spawns `node <source flags> <script> ...args`. */
export function spawnSource(script: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const { execArgv } = resolveWorkerEntry(new URL('../pool/worker-entry.ts', import.meta.url).href);
  return spawn(process.execPath, [...execArgv, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

/** Waits for a child to exit; resolves with its exit code, signal and output. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
