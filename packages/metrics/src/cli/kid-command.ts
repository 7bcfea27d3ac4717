/** `flopmatch metrics kid`: kernel distance (KID on our features) between two feature files. */
import { type Command, EXIT } from '@flopmatch/core';
import { kernelDistance } from '../distribution/kernel-inception-distance.js';
import { extractorFlag, failWith, integerFlag, loadPair, PAIR_OPTIONS, show } from './command-support.js';

/**
 * `metrics kid --real real.npy --fake fake.npy [--subset-size 1000] [--subsets 100] [--seed 0] [--json]`
 * (JSON keys `kid`, `kid_std`, `n`, `n_real`, `n_fake`, `subset_size`, `subsets`, `seed`, `name`).
 */
export const kidCommand: Command = {
  name: 'metrics kid',
  summary: 'Kernel (KID-style) distance: unbiased cubic-kernel MMD² averaged over seeded subsets',
  examples: [
    'metrics kid --real real.npy --fake fake.npy',
    'metrics kid --real real.npy --fake fake.npy --subset-size 500 --subsets 50 --seed 1 --json',
  ],
  options: {
    ...PAIR_OPTIONS,
    'subset-size': {
      type: 'string',
      description: 'samples per subset (default 1000; must be ≤ both set sizes)',
    },
    subsets: { type: 'string', description: 'number of subsets averaged (default 100)' },
    seed: { type: 'string', description: 'seed of the subset draws (default 0)' },
  },
  async run(args, ctx) {
    try {
      const options = {
        ...extractorFlag(args),
        ...optional('subsetSize', integerFlag(args, 'subset-size', 2)),
        ...optional('subsets', integerFlag(args, 'subsets', 1)),
        ...optional('seed', integerFlag(args, 'seed', 0)),
      };
      const { real, fake } = await loadPair(args, ctx, 'metrics kid');
      const result = kernelDistance(real, fake, options);
      const d = result.details as {
        nReal: number;
        nFake: number;
        subsetSize: number;
        subsets: number;
        seed: number;
      };
      if (args.values.json) {
        ctx.stdout(
          `${JSON.stringify({
            name: result.name,
            kid: result.value,
            kid_std: result.std,
            n: result.n,
            n_real: d.nReal,
            n_fake: d.nFake,
            subset_size: d.subsetSize,
            subsets: d.subsets,
            seed: d.seed,
          })}\n`,
        );
      } else {
        ctx.stdout(
          `${result.name} = ${show(result.value)} ± ${show(result.std!)}  (n_real = ${d.nReal}, n_fake = ${d.nFake}, ${d.subsets} subsets of ${d.subsetSize})\n`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      return failWith(error, ctx);
    }
  },
};

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
