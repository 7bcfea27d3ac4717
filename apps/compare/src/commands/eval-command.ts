/**
 * `flopmatch eval`: the full evaluation of one trained generator, exactly as the comparison's eval units
 * measure it — the protocol's N prompts, FD / KID / precision-recall against real set A, prompt-following
 * accuracy beside the codec's reconstruction ceiling, the CLIP-like score, each next to the real-vs-real
 * baseline at the same N — with any sampler settings.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Command,
  EXIT,
  JSON_OPTION,
  NotFoundError,
  printReport,
  UsageError,
  writeJsonAtomic,
} from '@flopmatch/core';
import { unitDir } from '../run/run-unit.js';
import { loadEvalNets } from '../units/evaluation-setup.js';
import {
  datasetImages,
  generate,
  measureQuality,
  protocolAt,
  protocolPrompts,
  type Quality,
  readRealFeatures,
  realFeaturesFile,
} from '../units/evaluation-support.js';
import { evaluationImages } from '../units/unit-support.js';
import { SAMPLER_FLAGS, samplerFromFlags } from './sampler-flags.js';
import { GENERATOR_SELECTION_FLAGS, openTrainedGenerator } from './trained-generator.js';

const show = (q: { value: number } | undefined) => (q === undefined ? '—' : q.value.toPrecision(4));

/** The `eval` command. */
export const evalCommand: Command = {
  name: 'eval',
  summary:
    'Evaluate a trained generator: FD, KID, precision/recall, prompt accuracy, CLIP-like score vs baselines',
  examples: [
    'eval --checkpoint runs/demo/units/train.flow.fm-xs.vae.s0',
    'eval --checkpoint runs/demo/units/train.masked.fm-xs.vq.s0 --steps 16 --n 512 --json',
    'eval --checkpoint runs/demo/units/train.flow.fm-xs.vae.s0 --weights raw --cfg 2 --out eval.json',
  ],
  options: {
    checkpoint: {
      type: 'string',
      description: 'a train unit folder of a compare run, or a milestone checkpoint inside it (required)',
    },
    n: {
      type: 'string',
      description: "images (and real images per side of the baseline); default the sweep's evaluation.n",
    },
    ...GENERATOR_SELECTION_FLAGS,
    out: { type: 'string', description: 'also write the report as JSON to this file' },
    ...SAMPLER_FLAGS,
    json: JSON_OPTION,
  },
  async run(args, ctx) {
    const v = args.values;
    const { found, registries: r, weights, load } = await openTrainedGenerator('eval', v, ctx.cwd);
    if (!found.evalNets)
      throw new NotFoundError(found.runDir, 'the eval-nets unit result', 'finish the compare run first');
    const n = v.n === undefined ? found.sweep.evaluation.n : Number(v.n);
    if (!Number.isInteger(n) || n < 2)
      throw new UsageError(`--n must be a whole number ≥ 2, got '${String(v.n)}'`);
    const split = found.sweep.evaluation.promptSplit;
    const protocol = protocolAt(n, split);
    const { nets } = await loadEvalNets(r, found.runDir, found.evalNets, found.sweep.dataset);
    const model = await load().catch((error) => {
      nets.dispose();
      throw error;
    });
    try {
      const images = evaluationImages(found.sweep.dataset, split, r);
      // Real set A's features and the real-vs-real baseline: from the run when it measured this N, else now.
      const saved = join(unitDir(found.runDir, found.evalNets.unit), realFeaturesFile(n));
      const real = existsSync(saved)
        ? await readRealFeatures(unitDir(found.runDir, found.evalNets.unit), n)
        : nets.features.extractHost(datasetImages(images, 0, n).images);
      const stored = found.evalNets.result.realBaseline.find((b) => b.n === n);
      let baseline: Quality;
      if (stored) {
        const { n: _n, ...q } = stored;
        baseline = q;
      } else {
        const b = datasetImages(images, n, n);
        baseline = measureQuality({
          nets,
          protocol,
          real,
          images: b.images,
          prompts: b.captions,
          meta: b.meta,
        });
      }
      const { choice, cfgScale } = samplerFromFlags(v, found.sweep, found.train.result.objective);
      const sampler = r.samplers.get(choice.sampler)(choice.options);
      const { prompts, seeds, meta } = protocolPrompts(images, protocol);
      const generated = await generate({
        sampler,
        model: model.objective.model(),
        codec: model.codec,
        prompts,
        seeds,
        cfgScale,
        batchSize: found.sweep.evaluation.batchSize,
      });
      const quality = measureQuality({ nets, protocol, real, images: generated.images, prompts, meta });
      const c = generated.costPerImage;
      const report = {
        checkpoint: found.train.unit,
        milestone: found.train.result.milestones[found.milestone]!,
        weights,
        sampler: { id: sampler.id, options: sampler.options, cfgScale },
        n,
        quality,
        baseline,
        promptCeiling: found.codec.result.reconstruction.promptAccuracy ?? null,
        cost: {
          flopsPerImage: c.flops.perImage,
          nfe: c.nfe,
          sequentialEvals: c.sequentialEvals,
          cfgPasses: c.cfgPasses,
          wallMsPerImage: generated.wallMs / n,
        },
      };
      if (typeof v.out === 'string') await writeJsonAtomic(resolve(ctx.cwd, v.out), report);
      printReport(ctx, args, report, (x) =>
        [
          `${x.checkpoint} milestone ${found.milestone} (${x.weights}), ${x.sampler.id} cfg ${cfgScale}, N = ${n}`,
          `${'metric'.padEnd(24)} generated   real vs real`,
          `${x.quality.fd.name.padEnd(24)} ${show(x.quality.fd).padStart(9)}   ${show(x.baseline.fd).padStart(12)}`,
          `${x.quality.kid.name.padEnd(24)} ${show(x.quality.kid).padStart(9)}   ${show(x.baseline.kid).padStart(12)}`,
          `precision                ${show(x.quality.precision).padStart(9)}   ${show(x.baseline.precision).padStart(12)}`,
          `recall                   ${show(x.quality.recall).padStart(9)}   ${show(x.baseline.recall).padStart(12)}`,
          `prompt accuracy          ${show(x.quality.promptAccuracy).padStart(9)}   ${show(x.baseline.promptAccuracy).padStart(12)}   (codec ceiling ${show(x.promptCeiling ?? undefined)})`,
          `CLIP-like score          ${show(x.quality.clipScore).padStart(9)}   ${show(x.baseline.clipScore).padStart(12)}`,
          `cost per image: ${x.cost.flopsPerImage.model.toExponential(3)} model FLOPs, ${x.cost.nfe} evaluations (${x.cost.sequentialEvals} sequential), ${x.cost.wallMsPerImage.toFixed(1)} ms`,
        ].join('\n'),
      );
      return EXIT.ok;
    } finally {
      model.dispose();
      nets.dispose();
    }
  },
};
