import { open } from 'node:fs/promises';

/** Options of `appendJsonl`. */
export interface AppendJsonlOptions {
  /** fsync after writing, so the records survive power loss, not only a killed process. Default false. */
  fsync?: boolean;
}

/**
 * Appends records to a JSON Lines file, one JSON object per line, in a single write that reaches the OS
 * before the promise resolves (a killed process loses at most a partial last line, which `readJsonl`
 * reports). Creates the file if needed.
 *
 * @example
 * await appendJsonl('runs/a/log.jsonl', { step: 1, loss: 0.93 });
 */
export async function appendJsonl(
  path: string,
  records: unknown,
  options: AppendJsonlOptions = {},
): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) return;
  const text = list.map((r) => `${JSON.stringify(r)}\n`).join('');
  const handle = await open(path, 'a');
  try {
    await handle.write(text);
    if (options.fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}
