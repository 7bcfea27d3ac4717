/** `flopmatch metrics fd`: Fréchet distance between two feature files. */
import { type Command, EXIT } from '@flopmatch/core';
import { frechetDistance } from '../distribution/frechet-distance.js';
import { extractorFlag, failWith, loadPair, PAIR_OPTIONS, show } from './command-support.js';

/**
 * `metrics fd --real real.npy --fake fake.npy [--json]`: prints `FD-<extractor>` with N (JSON keys `fd`,
 * `n`, `n_real`, `n_fake`, `dim`, `name`, `extractor_hash`).
 */
export const fdCommand: Command = {
  name: 'metrics fd',
  summary: 'Fréchet distance between two feature sets (float64, N always reported)',
  examples: [
    'metrics fd --real runs/eval/real.npy --fake runs/eval/fake.npy',
    'metrics fd --real real.npy --fake fake.npy --json',
  ],
  options: PAIR_OPTIONS,
  async run(args, ctx) {
    try {
      const { real, fake } = await loadPair(args, ctx, 'metrics fd');
      const result = frechetDistance(real, fake, extractorFlag(args));
      const d = result.details as { nReal: number; nFake: number; dim: number; extractorHash: string };
      if (args.values.json) {
        ctx.stdout(
          `${JSON.stringify({
            name: result.name,
            fd: result.value,
            n: result.n,
            n_real: d.nReal,
            n_fake: d.nFake,
            dim: d.dim,
            extractor_hash: d.extractorHash,
          })}\n`,
        );
      } else {
        ctx.stdout(
          `${result.name} = ${show(result.value)}  (n_real = ${d.nReal}, n_fake = ${d.nFake}, dim = ${d.dim})\n`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      return failWith(error, ctx);
    }
  },
};
