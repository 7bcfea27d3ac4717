/**
 * The sampling section of `flopmatch flops`: `--objective ntp|mtp|flow --steps K --cfg s` prices one image
 * of the `--model` network under that objective's sampler, without running anything. The network is
 * wrapped in a pricing-only `GenerativeModel` whose calls cost what the ledger says (a full forward per
 * flow or MaskGIT step; the KV-cached decode schedule for next-token), and the sampler's own
 * `estimateCost` does the counting, so these numbers are the ones `flopmatch sample` reports.
 */
import { ConfigError, type GenerativeModel, scaleFlops } from '@flopmatch/core';
import { decodeSchedule, type FlopsExtension, type TransformerShape } from '@flopmatch/flops';
import { samplers } from '@flopmatch/samplers';
import { pricingCodec } from '../registries/registry-pricing.js';

const OBJECTIVES = {
  flow: { sampler: 'euler', kind: 'flow', stepOption: 'steps', defaultSteps: 50 },
  mtp: { sampler: 'maskgit', kind: 'masked', stepOption: 'iterations', defaultSteps: 8 },
  ntp: { sampler: 'next-token', kind: 'next-token', stepOption: undefined, defaultSteps: undefined },
} as const;

function number(values: Record<string, unknown>, flag: string, fallback: number, integer: boolean): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && (!Number.isInteger(n) || n < 1)) || n < 0) {
    throw new ConfigError(`--${flag}`, [
      {
        path: flag,
        value: JSON.stringify(raw),
        message: `--${flag} must be ${integer ? 'a whole number ≥ 1' : 'a number ≥ 0'}`,
        fix: `e.g. --${flag} ${integer ? 8 : 2}`,
      },
    ]);
  }
  return n;
}

/** A pricing-only model view of a ledger transformer shape for one objective kind. */
export function ledgerModelView(
  shape: TransformerShape,
  forward: { model: number; executed: number },
  kind: GenerativeModel['kind'],
): GenerativeModel {
  const latentShape = {
    height: 1,
    width: shape.tokenLength,
    channels: kind === 'flow' ? shape.output.features : 1,
  };
  const refuse = () => {
    throw new Error('a pricing-only model view cannot run');
  };
  const schedule = kind === 'next-token' ? decodeSchedule(shape) : undefined;
  const base = { specVersion: 'v1' as const, latentShape, condition: refuse, nullCondition: refuse };
  if (kind === 'flow') return { ...base, kind, velocity: refuse, callFlops: (n) => scaleFlops(forward, n) };
  const vocab = shape.output.features;
  if (kind === 'masked')
    return {
      ...base,
      kind,
      codebookSize: vocab,
      maskId: vocab,
      logits: refuse,
      callFlops: (n) => scaleFlops(forward, n),
    };
  return {
    ...base,
    kind,
    codebookSize: vocab,
    logits: refuse,
    start: refuse,
    next: refuse,
    prefillFlops: (n) => scaleFlops(schedule!.prefill, n),
    stepFlops: (n, position) => scaleFlops(schedule!.steps[position]!, n),
  };
}

/** The `--objective/--steps/--cfg/--images` extension of `flopmatch flops`. */
export const inferenceFlopsExtension: FlopsExtension = {
  name: 'sampling',
  options: {
    objective: {
      type: 'string',
      description: 'price sampling one image under ntp (next-token, KV cache), mtp (MaskGIT) or flow (Euler)',
    },
    steps: {
      type: 'string',
      description: 'flow steps or MaskGIT iterations K (default 50 / 8; ignored for ntp)',
    },
    cfg: { type: 'string', description: 'classifier-free guidance scale s (default 1 = no guidance pass)' },
    images: { type: 'string', description: 'images per batch for the totals (default 1)' },
  },
  examples: [
    'flops --model fm-s --objective ntp --cfg 2',
    'flops --model fm-s --objective flow --steps 16 --json',
  ],
  report({ priced, values }) {
    const name = values.objective;
    if (name === undefined) return undefined;
    const spec = OBJECTIVES[String(name) as keyof typeof OBJECTIVES];
    if (!spec) {
      throw new ConfigError('--objective', [
        {
          path: 'objective',
          value: JSON.stringify(name),
          message: 'unknown objective',
          fix: 'use ntp, mtp or flow',
        },
      ]);
    }
    if (priced.type !== 'transformer') {
      throw new ConfigError('--objective', [
        {
          path: 'model',
          value: '(conv net)',
          message: 'sampling is priced for transformer models only',
          fix: 'pass a transformer preset, e.g. --model fm-s',
        },
      ]);
    }
    const shape = priced.flops.shape;
    if (spec.kind === 'next-token' && shape.mask === 'bidirectional') {
      throw new ConfigError('--objective', [
        {
          path: 'mask',
          value: '"bidirectional"',
          message: 'next-token decoding needs a causal model',
          fix: 'add --mask causal (or prefix-causal)',
        },
      ]);
    }
    const steps = spec.stepOption ? number(values, 'steps', spec.defaultSteps, true) : undefined;
    const cfgScale = number(values, 'cfg', 1, false);
    const n = number(values, 'images', 1, true);
    const model = ledgerModelView(shape, priced.flops.forward, spec.kind);
    const sampler = samplers[spec.sampler](spec.stepOption ? { [spec.stepOption]: steps } : {});
    const codec = pricingCodec(
      'codec:none',
      {
        latentKind: spec.kind === 'flow' ? 'continuous' : 'discrete',
        latentShape: model.latentShape,
        bitsPerPosition: 1,
        ...(spec.kind === 'flow' ? {} : { codebookSize: shape.output.features }),
        downsampleFactor: 1,
        params: 0,
        encodePerImage: 0,
        decodePerImage: 0,
        trainFlops: 0,
        committed: true,
      },
      { height: 1, width: shape.tokenLength, channels: 3 },
    );
    const cost = sampler.estimateCost({ model, codec, n, cfgScale });
    return {
      title: `sampling: ${name} with sampler:${spec.sampler}${steps ? `, K = ${steps}` : ''}, cfg ${cfgScale}, ${n} image${n === 1 ? '' : 's'} (backbone only; add the codec's decode)`,
      rows: [
        { label: 'per image', flops: cost.flops.perImage },
        { label: `total (${n} image${n === 1 ? '' : 's'})`, flops: cost.flops.total },
      ],
      notes: [
        `network evaluations per image: ${cost.nfe} (${cost.cfgPasses} pass${cost.cfgPasses === 1 ? '' : 'es'} each)`,
        `sequential evaluations (latency-bound): ${cost.sequentialEvals}`,
      ],
      data: {
        objective: name,
        sampler: `sampler:${spec.sampler}`,
        steps: steps ?? null,
        cfgScale,
        images: n,
        nfe: cost.nfe,
        cfgPasses: cost.cfgPasses,
        sequentialEvals: cost.sequentialEvals,
        perImage: cost.flops.perImage,
        total: cost.flops.total,
      },
    };
  },
};
