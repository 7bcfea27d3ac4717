/**
 * The worker process of `flopmatch compare`'s pool: receives jobs over IPC, runs each in this process
 * (one tensor runtime, one core) and reports progress and outcomes. It exits when the scheduler goes
 * away, and never writes a result once the scheduler is gone, so a killed run leaves no orphan work.
 */
import { LocalUnitRunner } from './pool/local-runner.js';
import type { FromWorker, ToWorker } from './pool/worker-protocol.js';

function send(message: FromWorker): void {
  if (process.connected) process.send?.(message);
}

if (!process.send) {
  process.stderr.write('flopmatch worker: start me through the compare pool (needs an IPC channel)\n');
  process.exit(2);
}

let runner: LocalUnitRunner | undefined;
let controller = new AbortController();
let busy = false;

process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort());

process.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    controller.abort();
    return;
  }
  if (busy) {
    send({ type: 'failed', unit: message.job.unit.id, error: 'worker is busy with another unit' });
    return;
  }
  busy = true;
  controller = new AbortController();
  runner ??= new LocalUnitRunner(message.setup);
  const id = message.job.unit.id;
  void runner
    .run(
      message.job,
      {
        onStart: ({ pid }) => send({ type: 'start', unit: id, pid }),
        onProgress: (update) => send({ type: 'progress', unit: id, update }),
        onLog: (text) => send({ type: 'log', unit: id, message: text }),
      },
      controller.signal,
      () => process.connected === true,
    )
    .then((outcome) => {
      busy = false;
      if (outcome.status === 'done') send({ type: 'done', unit: id, record: outcome.record });
      else if (outcome.status === 'stopped') send({ type: 'stopped', unit: id });
      else send({ type: 'failed', unit: id, error: outcome.error });
    });
});
