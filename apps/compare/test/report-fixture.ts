/**
 * A synthetic results store for the report's tests: every record kind a finished `flopmatch compare` run
 * writes, with realistic numbers for every plot (3 objectives × 2 sizes × 2 codecs per latent type × 3
 * seeds × 5 budgets, raw and EMA evaluations, inference sweeps, codec reconstructions, real-vs-real
 * baselines) and PNG sample grids. The numbers follow the paper's qualitative picture (next-token better
 * at low compute, diffusion steeper, EMA helping diffusion most) plus seeded noise.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { encodePng } from '@flopmatch/data';
import {
  type ObjectiveName,
  RESULTS_FORMAT,
  RESULTS_VERSION,
  type RunInfo,
  type UnitManifest,
  type UnitRecord,
} from '../src/store/schema.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const BUDGETS = [1e12, 3e12, 1e13, 3e13, 1e14];
const SEEDS = [0, 1, 2];
const SIZES = [
  { name: 'd64-l4', width: 64, depth: 4, params: 310_000 },
  { name: 'd128-l6', width: 128, depth: 6, params: 1_250_000 },
];
const CODECS = {
  discrete: [
    { name: 'vq-k256', psnr: 22.1, fd: 9.5, prompt: 0.86, bits: 8 },
    { name: 'vq-k1024', psnr: 24.3, fd: 5.8, prompt: 0.91, bits: 10 },
  ],
  continuous: [
    { name: 'vae-c4', psnr: 25.0, fd: 5.2, prompt: 0.93, bits: 4 },
    { name: 'vae-c8', psnr: 28.4, fd: 2.9, prompt: 0.95, bits: 8 },
  ],
};
/** FD above the codec floor: a + b·u with u = log10(C / 1e12); EMA benefit; prompt accuracy as a fraction of the ceiling. */
const OBJECTIVE_MODEL: Record<
  ObjectiveName,
  { a: number; b: number; ema: number; prompt: [number, number] }
> = {
  flow: { a: 40, b: -13, ema: 0.25, prompt: [0.35, 0.6] },
  masked: { a: 30, b: -8, ema: 0.05, prompt: [0.55, 0.78] },
  'next-token': { a: 22, b: -5, ema: 0.03, prompt: [0.62, 0.86] },
};
const PROMPTS = [
  'a red circle',
  'a blue square left of a green triangle',
  'two yellow circles',
  'a green square above a red circle',
  'a blue triangle',
  'a small red square',
  'a purple circle right of a blue square',
  'three green triangles',
];

const START = Date.parse('2025-03-01T09:00:00Z');
let clock = START;
function manifest(unit: string, backend: string, flops: number, seeds: Record<string, number>): UnitManifest {
  const start = new Date(clock).toISOString();
  clock += 60_000;
  return {
    gitCommit: '4f8b33d9c1e0a7b2d3e4f5a6b7c8d9e0f1a2b3c4',
    gitDirty: false,
    configHash: hash(`config/${unit}`),
    config: { unit },
    backend,
    device: 'linux x64, 2 cores, Node 20.19',
    seeds,
    startedAt: start,
    finishedAt: new Date(clock).toISOString(),
    wallSeconds: 60,
    flops: { model: flops, executed: flops * 1.05 },
  };
}
const metric = (name: string, value: number, n: number, std?: number) => ({
  name,
  value,
  n,
  ...(std === undefined ? {} : { std }),
});

/** Every figure of the report, in page order: what a fixture run's report must show. */
export const REPORT_FIGURES = [
  'quality-vs-compute',
  'compute-frontier',
  'prompt-vs-compute',
  'inference-flops',
  'inference-latency',
  'inference-throughput',
  'ema-vs-raw',
  'codec-vs-generator',
] as const;

/** What `writeFixtureRun` builds, for tests that check numbers against it. */
export interface FixtureRun {
  runDir: string;
  records: UnitRecord[];
  info: RunInfo;
  /** Grid PNG paths (relative to the run directory) with their prompts sidecars. */
  grids: string[];
}

/** Options of the fixture. */
export interface FixtureOptions {
  /** Backend written into every manifest. Default `wasm`. */
  backend?: string;
  /** Write the PNG grids (and their prompt sidecars). Default true. */
  grids?: boolean;
}

function gridImage(objective: ObjectiveName, budgetIndex: number, rng: Rng) {
  const tile = 24;
  const cols = 4;
  const rows = 2;
  const width = cols * tile;
  const height = rows * tile;
  const data = new Uint8Array(width * height * 3);
  const noise = 90 / (budgetIndex + 1);
  const hue = { flow: [40, 90, 200], masked: [220, 110, 40], 'next-token': [30, 170, 110] }[objective];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const cx = (x % tile) - tile / 2;
      const cy = (y % tile) - tile / 2;
      const inside =
        (Math.floor(x / tile) + Math.floor(y / tile)) % 2
          ? Math.hypot(cx, cy) < 7
          : Math.max(Math.abs(cx), Math.abs(cy)) < 6;
      for (let c = 0; c < 3; c++) {
        const base = inside ? hue[c]! : 235;
        data[(y * width + x) * 3 + c] = Math.max(
          0,
          Math.min(255, Math.round(base + noise * (rng.uniform() - 0.5))),
        );
      }
    }
  return { width, height, channels: 3, data };
}

/** Builds the fixture's records (pure, deterministic). */
export function fixtureRecords(backend = 'wasm'): {
  records: UnitRecord[];
  grids: { path: string; objective: ObjectiveName; budgetIndex: number }[];
} {
  const rng = new Rng('report-fixture');
  clock = START; // the same records on every call
  const records: UnitRecord[] = [];
  const grids: { path: string; objective: ObjectiveName; budgetIndex: number }[] = [];
  const base = (
    unit: string,
    dependsOn: string[],
    flops: number,
    seeds: Record<string, number> = {},
  ): Pick<UnitRecord, 'format' | 'version' | 'unit' | 'dependsOn' | 'manifest'> => ({
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    unit,
    dependsOn,
    manifest: manifest(unit, backend, flops, seeds),
  });
  const N = 500;
  const baseline = {
    fd: metric('FD-shapes-v1', 1.8, N),
    kid: metric('KID-shapes-v1', 0.0004, N, 0.0002),
    precision: metric('precision-shapes-v1', 0.78, N),
    recall: metric('recall-shapes-v1', 0.77, N),
    promptAccuracy: metric('prompt-checker-v1', 0.97, N),
    clipScore: metric('clip-shapes-v1', 0.31, N),
  };
  records.push({
    ...base('eval-nets', [], 4e12),
    kind: 'eval-nets',
    result: {
      extractor: {
        id: 'features:shapes-cnn-v1',
        hash: hash('extractor'),
        dim: 64,
        path: 'units/eval-nets/extractor.safetensors',
      },
      clip: { id: 'clip:shapes-v1', hash: hash('clip'), dim: 32, path: 'units/eval-nets/clip.safetensors' },
      source: 'committed',
      realBaseline: [{ n: N, ...baseline }],
    },
  });
  for (const [kind, list] of Object.entries(CODECS) as [
    'discrete' | 'continuous',
    (typeof CODECS)['discrete'],
  ][])
    for (const c of list) {
      records.push({
        ...base(`codec.${c.name}`, ['eval-nets'], 2e13),
        kind: 'codec',
        result: {
          name: c.name,
          id: kind === 'discrete' ? 'codec:vq' : 'codec:vae',
          latentKind: kind,
          preset: c.name,
          latentShape: { height: 8, width: 8, channels: kind === 'discrete' ? 1 : c.bits },
          downsampleFactor: 4,
          bitsPerPosition: c.bits,
          ...(kind === 'discrete' ? { codebookSize: 2 ** c.bits } : {}),
          params: 420_000,
          flops: { encodePerImage: 2.1e7, decodePerImage: 2.4e7 },
          hash: hash(`codec/${c.name}`),
          path: `units/codec.${c.name}/weights.safetensors`,
          source: 'committed',
          reconstruction: {
            psnr: metric('PSNR', c.psnr, 1000),
            ssim: metric('SSIM', 0.7 + c.psnr / 100, 1000),
            fd: metric('FD-shapes-v1', c.fd, N),
            promptAccuracy: metric('prompt-checker-v1', c.prompt, N),
          },
        },
      });
      records.push({
        ...base(`latents.${c.name}`, [`codec.${c.name}`], 1e13),
        kind: 'latents',
        result: {
          codec: c.name,
          codecHash: hash(`codec/${c.name}`),
          latentKind: kind,
          latentShape: { height: 8, width: 8, channels: kind === 'discrete' ? 1 : c.bits },
          size: 20000,
          path: `units/latents.${c.name}/latents.safetensors`,
        },
      });
    }
  for (const objective of ['flow', 'masked', 'next-token'] as const) {
    const model = OBJECTIVE_MODEL[objective];
    const codecs = objective === 'flow' ? CODECS.continuous : CODECS.discrete;
    for (const size of SIZES)
      for (const codec of codecs)
        for (const seed of SEEDS) {
          const trainUnit = `train.${objective}.${size.name}.${codec.name}.s${seed}`;
          const flopsPerExample = 6 * size.params * 64;
          const milestones = BUDGETS.map((b, index) => ({
            index,
            budgetFlops: b,
            spent: { model: b * 1.002, executed: b * 1.05 },
            step: Math.round(b / (flopsPerExample * 64)),
            checkpoint: `units/${trainUnit}/milestone-${index}`,
            loss: 1.2 - 0.1 * index + 0.02 * rng.normal(),
          }));
          records.push({
            ...base(trainUnit, [`latents.${codec.name}`], BUDGETS.at(-1)!, { train: seed }),
            kind: 'train',
            result: {
              objective,
              size: size.name,
              width: size.width,
              depth: size.depth,
              params: size.params,
              codec: codec.name,
              seed,
              lr: 3e-4,
              batchSize: 64,
              trainingSetSize: 20000,
              flopsPerExample: { model: flopsPerExample, executed: flopsPerExample * 1.05 },
              ema: { halfLife: 0.1 },
              milestones,
              lossCurve: milestones.map((m) => ({ step: m.step, flops: m.spent.model, loss: m.loss })),
            },
          });
          const sizeEffect = (u: number) => (size.name === 'd128-l6' ? 3 - 2.75 * u : 0);
          let lastEmaFd = 0;
          for (const m of milestones) {
            const u = Math.log10(m.budgetFlops / 1e12);
            const emaFd = codec.fd + model.a + model.b * u + sizeEffect(u) + 0.8 * rng.normal();
            const rawFd = emaFd * (1 + model.ema + 0.02 * rng.normal());
            lastEmaFd = emaFd;
            for (const weights of ['raw', 'ema'] as const) {
              const fd = weights === 'ema' ? emaFd : rawFd;
              const frac =
                model.prompt[0] + ((model.prompt[1] - model.prompt[0]) * u) / 2 + 0.015 * rng.normal();
              const unit = `eval.${objective}.${size.name}.${codec.name}.s${seed}.b${m.index}.${weights}`;
              const grid =
                weights === 'ema' && seed === 0 && size.name === 'd128-l6' && codec === codecs[1]
                  ? `units/${unit}/grid.png`
                  : undefined;
              if (grid) grids.push({ path: grid, objective, budgetIndex: m.index });
              records.push({
                ...base(unit, [trainUnit, 'eval-nets'], 3e12, { sample: 1000 + seed }),
                kind: 'eval',
                result: {
                  train: trainUnit,
                  objective,
                  size: size.name,
                  codec: codec.name,
                  seed,
                  milestone: m,
                  weights,
                  sampler: { id: samplerId(objective), options: { steps: 32 }, cfgScale: 2 },
                  n: N,
                  quality: {
                    fd: metric('FD-shapes-v1', fd, N),
                    kid: metric('KID-shapes-v1', fd / 900, N, 0.0003),
                    precision: metric('precision-shapes-v1', Math.max(0.05, 0.8 - fd / 80), N),
                    recall: metric('recall-shapes-v1', Math.max(0.05, 0.75 - fd / 70), N),
                    promptAccuracy: metric('prompt-checker-v1', Math.min(1, frac * codec.prompt), N),
                    clipScore: metric('clip-shapes-v1', 0.2 + 0.1 * frac, N),
                  },
                  promptCeiling: metric('prompt-checker-v1', codec.prompt, N),
                  baseline,
                  cost: inferenceCost(objective, size.params, 32, 2),
                  ...(grid ? { grid } : {}),
                },
              });
            }
          }
          const points = inferencePoints(objective, size.params, lastEmaFd, rng);
          records.push({
            ...base(`inference.${objective}.${size.name}.${codec.name}.s${seed}`, [trainUnit], 5e11, {
              sample: 2000 + seed,
            }),
            kind: 'inference',
            result: {
              train: trainUnit,
              objective,
              size: size.name,
              codec: codec.name,
              seed,
              milestone: milestones.at(-1)!,
              weights: 'ema',
              points,
              baseline,
            },
          });
        }
  }
  return { records, grids };
}

function samplerId(o: ObjectiveName): string {
  return o === 'flow' ? 'sampler:euler' : o === 'masked' ? 'sampler:maskgit' : 'sampler:next-token';
}

/** Ledger-like cost: forward FLOPs per image = 2·params·64 tokens; flow and MaskGIT pay it per step, next-token once (KV cache). */
function inferenceCost(o: ObjectiveName, params: number, steps: number, cfgPasses: number) {
  const forward = 2 * params * 64;
  const evals = o === 'next-token' ? 64 : steps;
  const perImage = (o === 'next-token' ? forward * 1.15 : forward * steps) * cfgPasses;
  return {
    flopsPerImage: { model: perImage, executed: perImage * 1.1 },
    nfe: evals * cfgPasses,
    sequentialEvals: evals,
    cfgPasses,
  };
}

function inferencePoints(o: ObjectiveName, params: number, fd: number, rng: Rng) {
  const settings: { steps: number; cfg: number; penalty: number; option: Record<string, number> }[] =
    o === 'flow'
      ? [4, 8, 16, 32, 64].map((s) => ({ steps: s, cfg: 2, penalty: 90 / s, option: { steps: s } }))
      : o === 'masked'
        ? [4, 8, 12, 16].map((s) => ({ steps: s, cfg: 2, penalty: 14 / s, option: { iterations: s } }))
        : [
            { steps: 64, cfg: 1, penalty: 3.5, option: { temperature: 1 } },
            { steps: 64, cfg: 2, penalty: 0, option: { temperature: 1 } },
            { steps: 64, cfg: 2, penalty: 1.2, option: { temperature: 0.8 } },
          ];
  return settings.map((s) => {
    const cost = inferenceCost(o, params, s.steps, s.cfg === 1 ? 1 : 2);
    const msPerEval = (params / 1e6) * 1.8;
    const q = fd + s.penalty + 0.4 * rng.normal();
    return {
      sampler: { id: samplerId(o), options: s.option, cfgScale: s.cfg },
      n: 500,
      quality: {
        fd: metric('FD-shapes-v1', q, 500),
        kid: metric('KID-shapes-v1', q / 900, 500, 0.0003),
        precision: metric('precision-shapes-v1', Math.max(0.05, 0.8 - q / 80), 500),
        recall: metric('recall-shapes-v1', Math.max(0.05, 0.75 - q / 70), 500),
      },
      cost,
      latencyMsBatch1: cost.sequentialEvals * cost.cfgPasses * msPerEval * (o === 'next-token' ? 0.35 : 1),
      throughputImagesPerSecond: 1000 / ((cost.flopsPerImage.model / 2e10) * 1000 + 0.2),
      throughputBatch: 64,
    };
  });
}

/** Writes `run.json`, `results.jsonl` and (optionally) the grid PNGs with prompt sidecars under `runDir`. */
export async function writeFixtureRun(runDir: string, options: FixtureOptions = {}): Promise<FixtureRun> {
  const { records, grids } = fixtureRecords(options.backend ?? 'wasm');
  const sweep = {
    objectives: ['flow', 'masked', 'next-token'],
    budgets: BUDGETS,
    sizes: SIZES.map((s) => s.name),
    seeds: SEEDS,
  };
  const info: RunInfo = {
    format: 'flopmatch-run',
    version: RESULTS_VERSION,
    preset: 'small',
    sweep,
    sweepHash: hash(JSON.stringify(sweep)),
    created: '2025-03-01T09:00:00Z',
    gitCommit: '4f8b33d9c1e0a7b2d3e4f5a6b7c8d9e0f1a2b3c4',
    backend: options.backend ?? 'wasm',
    device: 'linux x64, 2 cores, Node 20.19',
    timeBudgetSeconds: 3600,
  };
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'run.json'), `${JSON.stringify(info, null, 2)}\n`);
  await writeFile(join(runDir, 'results.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (options.grids ?? true) {
    const rng = new Rng('report-fixture/grids');
    for (const g of grids) {
      const path = join(runDir, g.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, encodePng(gridImage(g.objective, g.budgetIndex, rng)));
      await writeFile(path.replace(/\.png$/, '.prompts.json'), JSON.stringify(PROMPTS));
    }
  }
  return { runDir, records, info, grids: grids.map((g) => g.path) };
}
