/**
 * The sampler flags `sample` and `eval` share: `--sampler`, `--steps` (flow steps or MaskGIT iterations),
 * `--cfg`, `--temperature`, `--top-k`, `--top-p`, laid over the sweep's default sampler for the objective.
 */
import { type CommandArgs, type CommandOption, UsageError } from '@flopmatch/core';
import type { ObjectiveName } from '../store/schema.js';
import type { SamplerChoice, Sweep } from '../sweep/sweep-schema.js';

/** The options. */
export const SAMPLER_FLAGS: Record<string, CommandOption> = {
  sampler: { type: 'string', description: "sampler id (default: the sweep's default for the objective)" },
  steps: { type: 'string', description: 'flow steps (euler, heun) or MaskGIT iterations' },
  cfg: { type: 'string', description: "classifier-free guidance scale (default: the sweep's)" },
  temperature: { type: 'string', description: 'sampling temperature (MaskGIT, next-token)' },
  'top-k': { type: 'string', description: 'next-token: keep the k most likely tokens (0 = all)' },
  'top-p': { type: 'string', description: 'next-token: nucleus probability mass (1 = all)' },
};

function num(values: CommandArgs['values'], flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got '${String(raw)}'`);
  return n;
}

/** The sampler choice and guidance scale the flags ask for. */
export function samplerFromFlags(
  values: CommandArgs['values'],
  sweep: Sweep,
  objective: ObjectiveName,
): { choice: SamplerChoice; cfgScale: number } {
  const base = sweep.sampling[objective];
  const id =
    typeof values.sampler === 'string'
      ? values.sampler
      : (base?.default.sampler ??
        `sampler:${objective === 'flow' ? 'euler' : objective === 'masked' ? 'maskgit' : 'next-token'}`);
  const options: Record<string, unknown> = id === base?.default.sampler ? { ...base.default.options } : {};
  const steps = num(values, 'steps');
  if (steps !== undefined) options[id.endsWith('maskgit') ? 'iterations' : 'steps'] = steps;
  const temperature = num(values, 'temperature');
  if (temperature !== undefined) options.temperature = temperature;
  const topK = num(values, 'top-k');
  if (topK !== undefined) options.topK = topK;
  const topP = num(values, 'top-p');
  if (topP !== undefined) options.topP = topP;
  return { choice: { sampler: id, options }, cfgScale: num(values, 'cfg') ?? base?.cfgScale ?? 1 };
}
