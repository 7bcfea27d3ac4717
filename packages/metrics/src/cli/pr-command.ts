/** `flopmatch metrics pr`: improved precision and recall between two feature files. */
import { type Command, EXIT } from '@flopmatch/core';
import { precisionRecall } from '../distribution/precision-recall.js';
import { extractorFlag, failWith, integerFlag, loadPair, PAIR_OPTIONS, show } from './command-support.js';

/**
 * `metrics pr --real real.npy --fake fake.npy [--k 3] [--json]` (JSON keys `precision`, `recall`, `n`,
 * `n_real`, `n_fake`, `k`).
 */
export const prCommand: Command = {
  name: 'metrics pr',
  summary: 'Improved precision/recall (k-NN manifolds, Kynkäänniemi et al. 2019)',
  examples: [
    'metrics pr --real real.npy --fake fake.npy',
    'metrics pr --real real.npy --fake fake.npy --k 5 --json',
  ],
  options: {
    ...PAIR_OPTIONS,
    k: { type: 'string', description: 'neighbourhood size of the manifold radii (default 3)' },
  },
  async run(args, ctx) {
    try {
      const k = integerFlag(args, 'k', 1);
      const { real, fake } = await loadPair(args, ctx, 'metrics pr');
      const [precision, recall] = precisionRecall(real, fake, {
        ...extractorFlag(args),
        ...(k === undefined ? {} : { k }),
      });
      const d = precision.details as { nReal: number; nFake: number; k: number };
      if (args.values.json) {
        ctx.stdout(
          `${JSON.stringify({
            precision: precision.value,
            recall: recall.value,
            n: precision.n,
            n_real: d.nReal,
            n_fake: d.nFake,
            k: d.k,
          })}\n`,
        );
      } else {
        ctx.stdout(
          `${precision.name} = ${show(precision.value)}, ${recall.name} = ${show(recall.value)}  (n_real = ${d.nReal}, n_fake = ${d.nFake}, k = ${d.k})\n`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      return failWith(error, ctx);
    }
  },
};
