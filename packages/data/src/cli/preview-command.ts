/**
 * `flopmatch data preview`: writes a grid of the first n samples of a dataset and their captions, to look
 * at a dataset (or a config of one) before training on it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, ConfigError, EXIT, FileFormatError, FlopmatchError } from '@flopmatch/core';
import { DatasetUnavailableError } from '../dataset/dataset-errors.js';
import { createDataset, datasets } from '../dataset/datasets.js';
import { gridCellOrigin, writeImageGrid } from '../image/image-grid.js';
import { writeFileAtomic } from '../image/write-file-atomic.js';

/** The captions file written beside a grid: `grid.png` → `grid.captions.jsonl`. */
export function captionsPathFor(gridPath: string): string {
  return `${gridPath.replace(/\.png$/i, '')}.captions.jsonl`;
}

function integer(name: string, raw: unknown, min: number): number {
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min) {
    throw new FlopmatchError(
      'E_USAGE',
      `--${name} must be an integer ≥ ${min}, got '${String(raw)}'`,
      `e.g. --${name} ${Math.max(min, 8)}`,
    );
  }
  return value;
}

/** The `data preview` command (register it in the app's CLI). */
export const dataPreviewCommand: Command = {
  name: 'data preview',
  summary: 'write a grid of dataset samples and their captions',
  examples: [
    'data preview --dataset shapes --n 64 --out grid.png',
    'data preview --dataset shapes --split heldout --seed 3 --n 16 --columns 4 --out heldout.png',
    'data preview --dataset mnist --n 100 --out mnist.png',
    'data preview --dataset folder --dir my-images --out folder.png',
    'data preview --dataset shapes --config shapes.json --out grid.png',
  ],
  options: {
    dataset: {
      type: 'string',
      description: `dataset name: ${Object.keys(datasets).join(', ')} (default shapes)`,
      default: 'shapes',
    },
    config: { type: 'string', description: 'JSON file with the dataset config (fields below override it)' },
    split: {
      type: 'string',
      description: 'split (train, test; shapes also heldout); default the config default',
    },
    seed: { type: 'string', description: 'seed of a procedural dataset (default 0)' },
    dir: { type: 'string', description: 'data folder (folder dataset; mnist/fashion-mnist override)' },
    n: {
      type: 'string',
      description: 'number of samples, the first n of the dataset (default 64)',
      default: '64',
    },
    columns: { type: 'string', description: 'images per grid row (default ceil(sqrt(n)))' },
    gutter: { type: 'string', description: 'pixels around and between images (default 2)', default: '2' },
    out: {
      type: 'string',
      short: 'o',
      description: 'grid PNG path; captions go to <out>.captions.jsonl (default grid.png)',
      default: 'grid.png',
    },
  },
  async run(args, ctx) {
    const v = args.values;
    try {
      const n = integer('n', v.n ?? '64', 1);
      const gutter = integer('gutter', v.gutter ?? '2', 0);
      const columns = v.columns === undefined ? Math.ceil(Math.sqrt(n)) : integer('columns', v.columns, 1);
      let config: Record<string, unknown> = {};
      if (typeof v.config === 'string') {
        const path = resolve(ctx.cwd, v.config);
        try {
          config = JSON.parse(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new FileFormatError(
            path,
            `cannot read the JSON config (${(error as Error).message})`,
            'pass a JSON object file',
          );
        }
      }
      if (typeof v.split === 'string') config.split = v.split;
      if (typeof v.seed === 'string') config.seed = integer('seed', v.seed, 0);
      if (typeof v.dir === 'string') config.dir = resolve(ctx.cwd, v.dir);
      const name = typeof v.dataset === 'string' ? v.dataset : 'shapes';
      const dataset = createDataset(name, config);
      if (n > dataset.size)
        throw new FlopmatchError(
          'E_USAGE',
          `--n ${n} exceeds the dataset's ${dataset.size} samples`,
          `use --n ${dataset.size}`,
        );
      const samples = Array.from({ length: n }, (_, i) => dataset.get(i));
      const { height, width, channels } = dataset.imageShape;
      const out = resolve(ctx.cwd, typeof v.out === 'string' ? v.out : 'grid.png');
      const size = writeImageGrid(
        out,
        samples.map((s) => ({ height, width, channels, data: s.image })),
        { columns, gutter },
      );
      const lines = samples.map((s, index) => {
        const { x, y } = gridCellOrigin(index, { width, height }, columns, gutter);
        return JSON.stringify({
          index,
          row: Math.floor(index / columns),
          column: index % columns,
          x,
          y,
          caption: s.caption,
          meta: s.meta,
        });
      });
      const captions = captionsPathFor(out);
      writeFileAtomic(captions, `${lines.join('\n')}\n`);
      ctx.stdout(
        `wrote ${out} (${n} ${dataset.id} samples of ${width}×${height}, grid ${size.width}×${size.height} px) and ${captions}\n`,
      );
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof FlopmatchError)) throw error;
      ctx.stderr(`${error.message}\n`);
      if (error instanceof DatasetUnavailableError || error instanceof FileFormatError)
        return EXIT.unavailable;
      if (
        error instanceof ConfigError ||
        error.code === 'E_USAGE' ||
        error.code === 'E_NO_SUCH_COMPONENT' ||
        error.code === 'E_CONFIG'
      ) {
        return EXIT.usage;
      }
      return EXIT.failure;
    }
  },
};
