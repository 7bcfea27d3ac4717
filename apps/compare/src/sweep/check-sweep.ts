/**
 * The checks a sweep needs beyond its schema, against the registries: every id exists, every objective has
 * codecs of its latent kind and a sampler for its model kind, sampler options are valid, enough codec
 * capacities per kind, and evaluation sizes fit. All problems are reported at once, each naming its field.
 */
import { ConfigError, type ConfigIssue, FlopmatchError } from '@flopmatch/core';
import { OBJECTIVE_LATENT_KIND } from '../plan/build-plan.js';
import type { ComponentRegistries } from '../registries/components.js';
import { codecData } from '../registries/registry-pricing.js';
import type { Sweep } from './sweep-schema.js';

function lookup<T>(
  issues: ConfigIssue[],
  path: string,
  registry: { get(id: string): T; ids(): string[] },
  id: string,
): T | undefined {
  try {
    return registry.get(id);
  } catch (error) {
    if (!(error instanceof FlopmatchError)) throw error;
    const available = registry.ids();
    issues.push({
      path,
      value: JSON.stringify(id),
      message: `no such component is registered`,
      fix: available.length
        ? `use one of ${available.join(', ')}, or register it in a plugin`
        : 'install the package that provides it, or register one in a plugin',
    });
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
}

/** Checks `sweep` against `registries`; throws one `ConfigError` listing every problem. */
export function checkSweep(sweep: Sweep, registries: ComponentRegistries, source: string): void {
  const issues: ConfigIssue[] = [];
  const dataset = lookup(issues, 'dataset.id', registries.datasets, sweep.dataset.id);
  if (dataset) {
    const parsed = dataset.schema.safeParse(sweep.dataset.options);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({
          path: `dataset.options${i.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}`,
          value: '',
          message: i.message,
        });
    }
  }

  // Codecs: unique names, known ids and presets; capacities per kind.
  const kinds = new Map<string, 'discrete' | 'continuous'>();
  const capacities = { discrete: new Set<number>(), continuous: new Set<number>() };
  sweep.autoencoders.codecs.forEach((c, i) => {
    const at = `autoencoders.codecs[${i}]`;
    if (kinds.has(c.name))
      issues.push({
        path: `${at}.name`,
        value: JSON.stringify(c.name),
        message: 'two codecs share this name',
        fix: 'give each codec its own name',
      });
    const codec = lookup(issues, `${at}.id`, registries.codecs, c.id);
    if (!codec) return;
    kinds.set(c.name, codec.latentKind);
    if (!codec.presets().includes(c.preset)) {
      issues.push({
        path: `${at}.preset`,
        value: JSON.stringify(c.preset),
        message: `${codec.id} has no such preset`,
        fix: `use one of ${codec.presets().join(', ')}`,
      });
      return;
    }
    try {
      capacities[codec.latentKind].add(
        codec.price(c.preset, c.options, codecData(registries, sweep)).bitsPerPosition,
      );
    } catch (error) {
      issues.push({ path: `${at}.options`, value: JSON.stringify(c.options), message: describe(error) });
    }
  });

  // Objectives: known ids, codecs of the right kind, a sampling section with a fitting sampler.
  const usedKinds = new Set<'discrete' | 'continuous'>();
  const seen = new Set<string>();
  sweep.objectives.forEach((o, i) => {
    const at = `objectives[${i}]`;
    if (seen.has(o.name))
      issues.push({
        path: `${at}.name`,
        value: JSON.stringify(o.name),
        message: 'objective listed twice',
        fix: 'list each objective once',
      });
    seen.add(o.name);
    const objective = lookup(issues, `${at}.id`, registries.objectives, o.id ?? `objective:${o.name}`);
    const want = OBJECTIVE_LATENT_KIND[o.name];
    usedKinds.add(want);
    const names = o.codecs ?? [...kinds].filter(([, k]) => k === want).map(([n]) => n);
    if (names.length === 0)
      issues.push({
        path: `${at}.codecs`,
        value: JSON.stringify(o.codecs ?? null),
        message: `'${o.name}' needs a ${want} codec and the sweep has none`,
        fix: `add a ${want} codec to autoencoders.codecs`,
      });
    (o.codecs ?? []).forEach((name, j) => {
      const kind = kinds.get(name);
      if (!sweep.autoencoders.codecs.some((c) => c.name === name))
        issues.push({
          path: `${at}.codecs[${j}]`,
          value: JSON.stringify(name),
          message: 'no codec has this name',
          fix: `use one of ${sweep.autoencoders.codecs.map((c) => c.name).join(', ')}`,
        });
      else if (kind && kind !== want)
        issues.push({
          path: `${at}.codecs[${j}]`,
          value: JSON.stringify(name),
          message: `'${o.name}' trains on ${want} latents but '${name}' is ${kind}`,
          fix: `name a ${want} codec`,
        });
    });
    const sampling = sweep.sampling[o.name];
    if (!sampling) {
      issues.push({
        path: `sampling.${o.name}`,
        value: '(missing)',
        message: `objective '${o.name}' has no sampler settings`,
        fix: `add sampling.${o.name}.default`,
      });
      return;
    }
    const choices = [
      [`sampling.${o.name}.default`, sampling.default] as const,
      ...sampling.sweep.map((c, j) => [`sampling.${o.name}.sweep[${j}]`, c] as const),
    ];
    for (const [path, choice] of choices) {
      const factory = lookup(issues, `${path}.sampler`, registries.samplers, choice.sampler);
      if (!factory) continue;
      try {
        const sampler = factory(choice.options);
        if (objective && sampler.modelKind !== objective.modelKind)
          issues.push({
            path: `${path}.sampler`,
            value: JSON.stringify(choice.sampler),
            message: `drives '${sampler.modelKind}' models but '${o.name}' trains a '${objective.modelKind}' model`,
            fix: `use a sampler for '${objective.modelKind}' models`,
          });
      } catch (error) {
        issues.push({
          path: `${path}.options`,
          value: JSON.stringify(choice.options),
          message: describe(error),
        });
      }
    }
  });
  for (const name of Object.keys(sweep.sampling))
    if (!seen.has(name))
      issues.push({
        path: `sampling.${name}`,
        value: '{…}',
        message: `no objective '${name}' is in the sweep`,
        fix: `remove sampling.${name} or add the objective`,
      });

  const need = sweep.autoencoders.minCapacitiesPerKind;
  for (const kind of usedKinds) {
    const have = capacities[kind].size;
    if (have < need)
      issues.push({
        path: 'autoencoders.codecs',
        value: `${have} ${kind} capacit${have === 1 ? 'y' : 'ies'}`,
        message: `the sweep asks for at least ${need} distinct ${kind} capacities (bits per position)`,
        fix: `add ${kind} codecs of other capacities, or lower autoencoders.minCapacitiesPerKind`,
      });
  }

  sweep.sizes.forEach((s, i) => {
    if (typeof s === 'string') lookup(issues, `sizes[${i}]`, registries.sizes, s);
    else if (s.width % s.heads !== 0)
      issues.push({
        path: `sizes[${i}].heads`,
        value: String(s.heads),
        message: `heads must divide width ${s.width}`,
        fix: `use a divisor of ${s.width}`,
      });
  });
  const names = sweep.sizes.map((s) => (typeof s === 'string' ? s : s.name));
  if (new Set(names).size !== names.length)
    issues.push({
      path: 'sizes',
      value: JSON.stringify(names),
      message: 'two sizes share a name',
      fix: 'name each size once',
    });

  const nets = lookup(issues, 'evaluation.networks.id', registries.evalNets, sweep.evaluation.networks.id);
  if (nets && !nets.presets().includes(sweep.evaluation.networks.preset))
    issues.push({
      path: 'evaluation.networks.preset',
      value: JSON.stringify(sweep.evaluation.networks.preset),
      message: `${nets.id} has no such preset`,
      fix: `use one of ${nets.presets().join(', ')}`,
    });

  const t = sweep.training;
  if (t.lrPickFlops !== undefined && t.lrPickFlops > t.budgets.max)
    issues.push({
      path: 'training.lrPickFlops',
      value: String(t.lrPickFlops),
      message: `is above the largest budget ${t.budgets.max}`,
      fix: 'pick the lr on a smaller budget',
    });
  if (new Set(t.seeds).size !== t.seeds.length)
    issues.push({
      path: 'training.seeds',
      value: JSON.stringify(t.seeds),
      message: 'a seed is listed twice',
      fix: 'list each seed once',
    });
  const evalSet = sweep.dataset.evaluationSetSize;
  const biggestN = Math.max(sweep.evaluation.n, sweep.evaluation.inferenceN ?? 0);
  if (evalSet !== undefined && evalSet < 2 * biggestN)
    issues.push({
      path: 'dataset.evaluationSetSize',
      value: String(evalSet),
      message: `the real-vs-real baseline needs two disjoint sets of N = ${biggestN}`,
      fix: `use at least ${2 * biggestN}`,
    });

  if (issues.length) throw new ConfigError(source, issues);
}
