/**
 * `flopmatch sample`: images from a trained generator of a compare run — a PNG grid, its prompts sidecar
 * (`<grid>.prompts.json`, the format the report reads: `store/sample-grid.ts`) and the exact cost of the call (ledger FLOPs, evaluations, wall time, memory) as
 * JSON beside it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type Command,
  EXIT,
  JSON_OPTION,
  printReport,
  type SampleResult,
  type Tensor4D,
  UsageError,
  writeJsonAtomic,
} from '@flopmatch/core';
import { tf } from '@flopmatch/runtime';
import { writeSampleGrid } from '../store/sample-grid.js';
import { evaluationImages } from '../units/unit-support.js';
import { SAMPLER_FLAGS, samplerFromFlags } from './sampler-flags.js';
import { GENERATOR_SELECTION_FLAGS, openTrainedGenerator, wholeFlag } from './trained-generator.js';

/** `grid.png` → `grid.cost.json` (the prompts sidecar is `promptsSidecar`'s). */
export function sidecar(out: string, suffix: string): string {
  return out.replace(/\.png$/i, '') + suffix;
}

/** The `sample` command. */
export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Sample images from a trained generator: PNG grid, prompts and the exact inference cost',
  examples: [
    'sample --checkpoint runs/demo/units/train.flow.fm-xs.vae.s0 --prompts prompts.txt --n 64 --out grid.png',
    'sample --checkpoint runs/demo/units/train.masked.fm-xs.vq.s0 --steps 16 --cfg 2 --n 16',
    'sample --checkpoint runs/demo/units/train.next-token.fm-xs.vq.s0 --temperature 0.8 --top-k 32 --json',
  ],
  options: {
    checkpoint: {
      type: 'string',
      description: 'a train unit folder of a compare run, or a milestone checkpoint inside it (required)',
    },
    prompts: {
      type: 'string',
      description:
        'text file, one prompt per line, cycled to --n (default: captions of the evaluation split)',
    },
    n: { type: 'string', description: 'images (default 16)' },
    out: { type: 'string', description: 'the grid PNG (default samples.png); prompts and cost go beside it' },
    ...GENERATOR_SELECTION_FLAGS,
    seed: { type: 'string', description: 'sampling seed (default 0)' },
    batch: { type: 'string', description: 'images per sampler call (default 16)' },
    ...SAMPLER_FLAGS,
    json: JSON_OPTION,
  },
  async run(args, ctx) {
    const v = args.values;
    const { found, backend, registries: r, weights, load } = await openTrainedGenerator('sample', v, ctx.cwd);
    const n = wholeFlag(v.n, 'n', 16) || 16;
    const batch = wholeFlag(v.batch, 'batch', 16) || 16;
    const seed = wholeFlag(v.seed, 'seed', 0);
    const prompts =
      typeof v.prompts === 'string'
        ? readFileSync(resolve(ctx.cwd, v.prompts), 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
        : Array.from(
            { length: n },
            (_, i) =>
              evaluationImages(found.sweep.dataset, found.sweep.evaluation.promptSplit, r).get(i).caption,
          );
    if (prompts.length === 0)
      throw new UsageError(`${String(v.prompts)} holds no prompts`, 'write one prompt per line');
    const list = Array.from({ length: n }, (_, i) => prompts[i % prompts.length]!);
    const { choice, cfgScale } = samplerFromFlags(v, found.sweep, found.train.result.objective);
    const sampler = r.samplers.get(choice.sampler)(choice.options);
    const model = await load();
    try {
      const parts: SampleResult[] = [];
      for (let start = 0; start < n; start += batch) {
        const part = list.slice(start, start + batch);
        parts.push(
          await sampler.sample({
            model: model.objective.model(),
            codec: model.codec,
            prompts: part,
            n: part.length,
            seed: seed + start,
            cfgScale,
          }),
        );
      }
      const images = tf.concat(parts.map((p) => p.images)) as Tensor4D;
      const out = resolve(ctx.cwd, typeof v.out === 'string' ? v.out : 'samples.png');
      mkdirSync(dirname(out), { recursive: true });
      const written = await writeSampleGrid(out, images, list);
      const sum = (f: (c: SampleResult['cost']) => number) => parts.reduce((s, p) => s + f(p.cost), 0);
      const total = { model: sum((c) => c.flops.total.model), executed: sum((c) => c.flops.total.executed) };
      const record = {
        checkpoint: found.train.unit,
        milestone: found.milestone,
        weights,
        backend,
        sampler: { id: sampler.id, options: sampler.options, cfgScale },
        n,
        seed,
        cost: {
          flopsPerImage: { model: total.model / n, executed: total.executed / n },
          total,
          nfe: parts[0]!.cost.nfe,
          cfgPasses: parts[0]!.cost.cfgPasses,
          sequentialEvals: parts[0]!.cost.sequentialEvals,
          wallMs: sum((c) => c.wallMs),
          peakBytes: Math.max(...parts.map((p) => p.cost.peakBytes)),
        },
        files: { grid: out, prompts: written.prompts, cost: sidecar(out, '.cost.json') },
      };
      await writeJsonAtomic(sidecar(out, '.cost.json'), record);
      tf.dispose([images, ...parts.flatMap((p) => [p.images, p.latents])]);
      printReport(ctx, args, record, (x) =>
        [
          `${x.n} images from ${x.checkpoint} (milestone ${x.milestone}, ${x.weights}) with ${x.sampler.id}, cfg ${cfgScale}`,
          `cost per image: ${x.cost.flopsPerImage.model.toExponential(3)} model FLOPs, ${x.cost.nfe} evaluations (${x.cost.sequentialEvals} sequential), ${(x.cost.wallMs / n).toFixed(1)} ms`,
          `wrote ${x.files.grid}, ${x.files.prompts}, ${x.files.cost}`,
        ].join('\n'),
      );
      return EXIT.ok;
    } finally {
      model.dispose();
    }
  },
};
