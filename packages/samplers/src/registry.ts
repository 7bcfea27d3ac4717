/**
 * Registry-friendly factories: `samplers` maps each id to a factory that validates its options through
 * `parseConfig` (so a bad sweep config names the field, the value and the fix). Pass it to core's
 * `createRegistry('sampler', samplers)` and name `sampler:heun` etc. in a config; add your own sampler with
 * `registry.with({ ddim: makeDdim })`.
 */
import { FlopmatchError, parseConfig, type Sampler } from '@flopmatch/core';
import { z } from 'zod';
import { type EulerOptions, EulerSampler } from './flow-euler.js';
import { type HeunOptions, HeunSampler } from './flow-heun.js';
import type { SamplerConfig } from './flow-solver.js';
import { type MaskGitOptions, MaskGitSampler } from './maskgit.js';
import { type NextTokenOptions, NextTokenSampler } from './next-token.js';

/** Builds a sampler from untrusted options (`undefined` = all defaults). */
export type SamplerFactory = (
  options?: unknown,
) => Sampler<object> & { readonly config: SamplerConfig<object> };

/**
 * The built-in samplers by id: `euler`, `heun`, `maskgit`, `next-token`.
 *
 * @example
 * const registry = createRegistry('sampler', samplers);
 * const heun = registry.get('sampler:heun')({ steps: 10 });
 */
export const samplers = Object.freeze({
  euler: (options?: unknown) => new EulerSampler((options ?? {}) as Partial<EulerOptions>),
  heun: (options?: unknown) => new HeunSampler((options ?? {}) as Partial<HeunOptions>),
  maskgit: (options?: unknown) => new MaskGitSampler((options ?? {}) as Partial<MaskGitOptions>),
  'next-token': (options?: unknown) => new NextTokenSampler((options ?? {}) as Partial<NextTokenOptions>),
} satisfies Record<string, SamplerFactory>);

/** Ids of the built-in samplers, qualified (`sampler:euler`, …). */
export const SAMPLER_IDS = Object.keys(samplers).map((key) => `sampler:${key}`);

const SamplerConfigSchema = z
  .object({
    type: z.string(),
    version: z.literal(1),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * Rebuilds a built-in sampler from its `.config` (e.g. read back from a run log).
 *
 * @example
 * const again = samplerFromConfig(JSON.parse(JSON.stringify(new HeunSampler({ steps: 8 }).config)));
 */
export function samplerFromConfig(config: unknown, source = 'sampler config'): ReturnType<SamplerFactory> {
  const parsed = parseConfig(SamplerConfigSchema, config, source);
  const key = parsed.type.replace(/^sampler:/, '');
  const factory = (samplers as Record<string, SamplerFactory>)[key];
  if (!factory) {
    throw new FlopmatchError(
      'E_SAMPLER',
      `${source}: type '${parsed.type}' is not a built-in sampler`,
      `use one of ${SAMPLER_IDS.join(', ')}, or build your own sampler from its registry`,
    );
  }
  return factory({ ...parsed.options });
}
