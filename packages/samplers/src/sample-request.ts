/**
 * Checks a `SampleRequest` against the sampler that received it, before any tensor is made: the scalar
 * fields through `parseConfig` (so errors name the field, the value and the fix), then that the model is of
 * the kind the sampler drives and that the codec fits the model's latent grid.
 */
import {
  type ContinuousLatentCodec,
  type DiscreteLatentCodec,
  type GenerativeModel,
  type LatentCodec,
  parseConfig,
  type SampleRequest,
} from '@flopmatch/core';
import { z } from 'zod';
import { SamplerError } from './errors.js';

/** The scalar part of a request. */
const RequestScalarsSchema = z.object({
  n: z.number().int().min(1),
  seed: z.number().int().optional(),
  cfgScale: z.number().finite().default(1),
});

/** Model kind → the codec kind whose latents it generates. */
type CodecFor<M extends GenerativeModel> = M extends { kind: 'flow' }
  ? ContinuousLatentCodec
  : DiscreteLatentCodec;

/** A request after checking: prompts cycled to `n`, guidance scale defaulted. */
export interface ResolvedRequest<M extends GenerativeModel> {
  model: M;
  codec: CodecFor<M>;
  prompts: string[];
  n: number;
  seed: number;
  cfgScale: number;
}

/** What the checks need to know about the sampler. */
export interface SamplerIdentity<K extends GenerativeModel['kind']> {
  readonly id: string;
  readonly modelKind: K;
}

/**
 * Validates the model/codec pairing and the scalar fields of a request or cost query.
 * Throws `ConfigError` (bad `n`, `seed`, `cfgScale`) or `SamplerError` (wrong model kind, codec mismatch).
 */
export function checkModelAndCodec<K extends GenerativeModel['kind']>(
  sampler: SamplerIdentity<K>,
  request: Pick<SampleRequest, 'model' | 'codec' | 'n' | 'cfgScale'> & { seed?: number },
): {
  model: Extract<GenerativeModel, { kind: K }>;
  codec: CodecFor<Extract<GenerativeModel, { kind: K }>>;
  n: number;
  cfgScale: number;
} {
  const scalars = parseConfig(
    RequestScalarsSchema,
    { n: request.n, seed: request.seed, cfgScale: request.cfgScale },
    `${sampler.id} request`,
  );
  const { model, codec } = request;
  if (model.kind !== sampler.modelKind) {
    throw new SamplerError(
      sampler.id,
      `request.model is a '${model.kind}' model but this sampler drives '${sampler.modelKind}' models`,
      `use a sampler for '${model.kind}' models (${SAMPLERS_BY_KIND[model.kind]}) or pass a '${sampler.modelKind}' model`,
    );
  }
  const wantCodec = model.kind === 'flow' ? 'continuous' : 'discrete';
  if (codec.kind !== wantCodec) {
    throw new SamplerError(
      sampler.id,
      `request.codec '${codec.id}' is ${codec.kind} but a '${model.kind}' model generates ${wantCodec} latents`,
      `pass the ${wantCodec} codec the model was trained on`,
    );
  }
  checkGrid(sampler.id, model, codec);
  return {
    model: model as Extract<GenerativeModel, { kind: K }>,
    codec: codec as CodecFor<Extract<GenerativeModel, { kind: K }>>,
    n: scalars.n,
    cfgScale: scalars.cfgScale,
  };
}

const SAMPLERS_BY_KIND: Record<GenerativeModel['kind'], string> = {
  flow: 'sampler:euler, sampler:heun',
  masked: 'sampler:maskgit',
  'next-token': 'sampler:next-token',
};

function checkGrid(samplerId: string, model: GenerativeModel, codec: LatentCodec): void {
  const m = model.latentShape;
  const c = codec.latentShape;
  if (m.height !== c.height || m.width !== c.width || (model.kind === 'flow' && m.channels !== c.channels)) {
    throw new SamplerError(
      samplerId,
      `model.latentShape ${m.height}×${m.width}×${m.channels} does not match codec '${codec.id}' latentShape ${c.height}×${c.width}×${c.channels}`,
      'pass the codec the model was trained on',
    );
  }
  if (model.kind !== 'flow' && codec.kind === 'discrete' && codec.codebookSize !== model.codebookSize) {
    throw new SamplerError(
      samplerId,
      `model.codebookSize ${model.codebookSize} differs from codec '${codec.id}' codebookSize ${codec.codebookSize}`,
      'pass the codec whose codebook the model was trained on',
    );
  }
}

/**
 * Validates a full sampling request and cycles `prompts` to length `n`.
 *
 * @example
 * const r = resolveRequest({ id: 'sampler:euler', modelKind: 'flow' }, request);
 * r.prompts.length === r.n; // true
 */
export function resolveRequest<K extends GenerativeModel['kind']>(
  sampler: SamplerIdentity<K>,
  request: SampleRequest,
): ResolvedRequest<Extract<GenerativeModel, { kind: K }>> {
  const checked = checkModelAndCodec(sampler, request);
  if (request.seed === undefined || request.seed === null) {
    throw new SamplerError(
      sampler.id,
      'request.seed is missing',
      'pass an integer seed (sampling is deterministic per seed)',
    );
  }
  if (!Array.isArray(request.prompts) || request.prompts.length === 0) {
    throw new SamplerError(
      sampler.id,
      'request.prompts is empty',
      'pass at least one prompt; prompts are cycled to length n',
    );
  }
  const prompts = Array.from({ length: checked.n }, (_, i) => request.prompts[i % request.prompts.length]!);
  return { ...checked, prompts, seed: request.seed };
}

/** True when two shapes have the same rank and dimensions. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Throws a `SamplerError` naming the model call (`model.logits`, `model.next`) when its output shape is not
 * the one the `GenerativeModel` contract promises.
 */
export function checkOutputShape(
  samplerId: string,
  call: string,
  actual: readonly number[],
  expected: readonly number[],
): void {
  if (!sameShape(actual, expected)) {
    throw new SamplerError(
      samplerId,
      `${call} returned shape [${actual.join(', ')}], expected [${expected.join(', ')}]`,
      `make ${call} return the shape the GenerativeModel contract documents (rows = batch incl. the guidance rows)`,
    );
  }
}
