/**
 * `flopmatch flops --model <preset|file.json> [--json]`: prints forward, training-step and per-token FLOPs
 * (model and executed) and parameter counts of a preset or a description file.
 *
 * Later packages extend this same command instead of adding new ones: the app passes `extensions`, each
 * contributing `--options` and a report section computed from the priced model (e.g. the samplers'
 * `--objective flow --steps 50 --cfg 4` inference cost), and `presets` (the transformer's size presets).
 */
import {
  type Command,
  type CommandArgs,
  type CommandContext,
  type CommandOption,
  ConfigError,
  createRegistry,
  EXIT,
  FlopmatchError,
  type Registry,
} from '@flopmatch/core';
import { type CountOptions, resolveCountOptions } from '../count-options.js';
import type { ConvNetShapeInput } from '../models/conv-net-shape.js';
import type { TransformerShapeInput } from '../models/transformer-shape.js';
import { GOLDEN_PRESETS } from '../presets/golden-presets.js';
import {
  baseReport,
  type FlopsReport,
  type FlopsSection,
  type PricedModel,
  priceModel,
  renderReport,
} from './flops-report.js';
import {
  type LoadedModel,
  loadModel,
  MissingModelFileError,
  type ModelDescription,
  parseModelDescription,
} from './load-model.js';

/** What an extension sees when the command runs. */
export interface FlopsExtensionContext {
  /** Where the model came from and its parsed description. */
  model: LoadedModel;
  /** The model priced by the ledger (transformer: flops + params; conv net: flops). */
  priced: PricedModel;
  /** Optional op families counted (from `--count`). */
  count: CountOptions;
  /** All parsed option values, the extension's own included. */
  values: CommandArgs['values'];
}

/**
 * A contribution to `flopmatch flops`: extra options and a report section.
 *
 * @example
 * const sampling: FlopsExtension = {
 *   name: 'sampling',
 *   options: { steps: { type: 'string', description: 'sampler steps K (default: none)' } },
 *   report: ({ priced, values }) => priced.type !== 'transformer' || values.steps === undefined ? undefined : {
 *     title: `sampling, K = ${values.steps}`,
 *     rows: [{ label: 'per image', flops: scaleFlops(priced.flops.forward, Number(values.steps)) }],
 *   },
 * };
 */
export interface FlopsExtension {
  /** Unique name; its section appears under `extensions[name]` in `--json` output. */
  name: string;
  /** Options it adds to the command; names must not clash with built-ins or other extensions. */
  options: Record<string, CommandOption>;
  /** Example invocations added to `--help` (without the leading `flopmatch`). */
  examples?: string[];
  /**
   * Its section for this run, or undefined when its options were not given. Throw a `FlopmatchError`
   * (e.g. `ConfigError('--steps', …)`) for a bad value; the command prints it and exits 2.
   */
  report(context: FlopsExtensionContext): FlopsSection | undefined;
}

/** Options of `createFlopsCommand`. */
export interface FlopsCommandOptions {
  /**
   * Presets added to the golden ones (`dit-s-2` … `gpt2-small`, `demo`), by id; a transformer or conv-net
   * description each. A duplicate id throws. Default: none.
   */
  presets?: Record<string, TransformerShapeInput | ConvNetShapeInput>;
  /** Extensions contributing options and sections (objectives, samplers). Default: none. */
  extensions?: FlopsExtension[];
}

const BASE_OPTIONS: Record<string, CommandOption> = {
  model: { type: 'string', short: 'm', description: 'a preset id or a .json description file (required)' },
  json: { type: 'boolean', default: false, description: 'print the report as JSON (default false)' },
  count: {
    type: 'string',
    description:
      "extra op families to count: comma list of softmax, norms, activations, elementwise, or 'all' (default: matmuls only)",
  },
  embedding: {
    type: 'string',
    description:
      "how embeddings execute: 'gather' (rows copied, scatter-add backward; default) or 'one-hot' (a matmul)",
  },
  tokens: { type: 'string', description: 'override the token positions T (default: the model’s)' },
  prefix: { type: 'string', description: 'override the prefix positions P (default: the model’s)' },
  mask: {
    type: 'string',
    description: 'override the mask: bidirectional, causal or prefix-causal (default: the model’s)',
  },
};

const COUNT_FAMILIES = ['softmax', 'norms', 'activations', 'elementwise'] as const;

function parseCount(value: string | undefined, embedding: string | undefined): CountOptions {
  // validated with the families by resolveCountOptions (a ConfigError names a bad value)
  const implementation = (embedding === undefined ? {} : { embedding }) as Partial<CountOptions>;
  if (value === undefined) return resolveCountOptions(implementation, '--embedding');
  const names =
    value === 'all'
      ? [...COUNT_FAMILIES]
      : value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const unknown = names.filter((n) => !(COUNT_FAMILIES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new ConfigError('--count', [
      {
        path: 'count',
        value: JSON.stringify(value),
        message: `unknown op family ${unknown.join(', ')}`,
        fix: `use ${COUNT_FAMILIES.join(', ')} or all`,
      },
    ]);
  }
  return resolveCountOptions(
    { ...Object.fromEntries(names.map((n) => [n, true])), ...implementation },
    '--count / --embedding',
  );
}

function applyOverrides(model: LoadedModel, values: CommandArgs['values']): LoadedModel {
  const d = model.description;
  const overrides: Record<string, unknown> = {};
  for (const [flag, field] of [
    ['tokens', 'tokenLength'],
    ['prefix', 'prefixLength'],
  ] as const) {
    const raw = values[flag];
    if (typeof raw === 'string') overrides[field] = /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  if (typeof values.mask === 'string') overrides.mask = values.mask;
  if (Object.keys(overrides).length === 0) return model;
  if (d.type !== 'transformer') {
    throw new ConfigError(model.source, [
      {
        path: 'type',
        value: JSON.stringify(d.type),
        message: '--tokens, --prefix and --mask apply to transformers only',
        fix: 'drop those flags',
      },
    ]);
  }
  const source = `${model.source} with ${Object.keys(overrides).join(', ')} from the command line`;
  return { source: model.source, description: parseModelDescription({ ...d, ...overrides }, source) };
}

/**
 * Builds the `flops` command.
 *
 * @example
 * const command = createFlopsCommand({ presets: TRANSFORMER_PRESETS, extensions: [samplingExtension] });
 * await command.run({ values: { model: 'dit-xl-2' }, positionals: [] }, { stdout, stderr, cwd });
 */
export function createFlopsCommand(options: FlopsCommandOptions = {}): Command {
  const extensions = options.extensions ?? [];
  const presets: Registry<ModelDescription> = createRegistry<ModelDescription>('preset', GOLDEN_PRESETS).with(
    Object.fromEntries(
      Object.entries(options.presets ?? {}).map(([id, value]) => [
        id,
        parseModelDescription(value, `preset ${id}`),
      ]),
    ),
  );
  const commandOptions: Record<string, CommandOption> = { ...BASE_OPTIONS };
  const owner = new Map(Object.keys(BASE_OPTIONS).map((k) => [k, 'flops']));
  const names = new Set<string>();
  for (const ext of extensions) {
    if (names.has(ext.name))
      throw new FlopmatchError(
        'E_FLOPS_EXTENSION',
        `two flops extensions are named '${ext.name}'`,
        'give each extension a unique name',
      );
    names.add(ext.name);
    for (const [key, option] of Object.entries(ext.options)) {
      const taken = owner.get(key);
      if (taken) {
        throw new FlopmatchError(
          'E_FLOPS_EXTENSION',
          `option --${key} of flops extension '${ext.name}' is already defined by '${taken}'`,
          'rename the option',
        );
      }
      owner.set(key, ext.name);
      commandOptions[key] = option;
    }
  }

  async function run(args: CommandArgs, ctx: CommandContext): Promise<number> {
    const spec = args.values.model ?? args.positionals[0];
    if (typeof spec !== 'string' || spec === '') {
      ctx.stderr(
        `flops: --model is required: a preset (${presets
          .ids()
          .map((id) => id.replace('preset:', ''))
          .join(', ')}) or a .json file\n`,
      );
      return EXIT.usage;
    }
    try {
      const count = parseCount(
        typeof args.values.count === 'string' ? args.values.count : undefined,
        typeof args.values.embedding === 'string' ? args.values.embedding : undefined,
      );
      const model = applyOverrides(loadModel(spec, presets, ctx.cwd), args.values);
      const priced = priceModel(model.description, count);
      const report: FlopsReport = baseReport(model.source, model.description, priced, count);
      for (const ext of extensions) {
        const section = ext.report({ model, priced, count, values: args.values });
        if (section) {
          report.sections.push(section);
          report.extensions[ext.name] = section;
        }
      }
      ctx.stdout(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof FlopmatchError)) throw error;
      ctx.stderr(`flops: ${error.message}\n`);
      // A missing file is a missing resource (3); everything else is a bad argument or description (2).
      return error instanceof MissingModelFileError ? EXIT.unavailable : EXIT.usage;
    }
  }

  return {
    name: 'flops',
    summary: 'FLOPs (model and executed) and parameters of a model preset or description file',
    examples: [
      'flops --model dit-xl-2',
      'flops --model gpt2-small --json',
      'flops --model demo --count all',
      'flops --model gpt2-small --embedding one-hot',
      'flops --model my-model.json --tokens 256 --mask causal',
      ...extensions.flatMap((e) => e.examples ?? []),
    ],
    options: commandOptions,
    positionals: ['model'],
    run,
  };
}
