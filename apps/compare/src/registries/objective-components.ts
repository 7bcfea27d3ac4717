/**
 * Objective components over `@flopmatch/objective-diffusion` (flow), `@flopmatch/objective-masked` and
 * `@flopmatch/objective-next-token`: each builds its objective from a run shape (backbone size, the codec's
 * latent grid and codebook, prompt length and tokenizer, conditioning dropout, the sweep entry's options)
 * and prices it with the objective's own ledger methods (`trainingFlopsPerExample`, `model().callFlops` …)
 * on a freshly built, then disposed, instance: the plan's numbers are the training loop's numbers.
 */
import { deepMerge, type Objective, Rng } from '@flopmatch/core';
import { FlowObjective } from '@flopmatch/objective-diffusion';
import { MaskedObjective } from '@flopmatch/objective-masked';
import { NextTokenObjective } from '@flopmatch/objective-next-token';
import type { Disposable, ObjectiveComponent, ObjectiveSetup } from './components.js';

/** What the three objective classes share. */
type BuiltObjective = Objective & Disposable & { ledgerParameterCount(): number };

function backbone(setup: ObjectiveSetup): Record<string, unknown> {
  const { layers, width, heads } = setup.size;
  return { layers, width, heads };
}

/** The config an objective is built from: the setup's fields under the entry's options (which may refine `backbone`). */
export function objectiveConfig(
  name: 'flow' | 'masked' | 'next-token',
  setup: ObjectiveSetup,
): Record<string, unknown> {
  const common = {
    backbone: backbone(setup),
    promptLength: setup.promptLength,
    promptVocab: setup.tokenizer.vocabSize,
    conditioningDropout: setup.conditioningDropout,
  };
  const { height, width, channels } = setup.latentShape;
  const specific =
    name === 'flow'
      ? { latent: { height, width, channels } }
      : { grid: { height, width }, codebookSize: setup.codebookSize };
  return deepMerge({ ...common, ...specific }, setup.options) as Record<string, unknown>;
}

function component(
  name: 'flow' | 'masked' | 'next-token',
  build: (config: Record<string, unknown>, setup: ObjectiveSetup, seed: number) => BuiltObjective,
): ObjectiveComponent {
  const create = (setup: ObjectiveSetup, seed: number) => build(objectiveConfig(name, setup), setup, seed);
  return {
    id: `objective:${name}`,
    latentKind: name === 'flow' ? 'continuous' : 'discrete',
    modelKind: name === 'flow' ? 'flow' : name === 'masked' ? 'masked' : 'next-token',
    price(setup) {
      const objective = create(setup, 0);
      // The pricing view answers FLOP questions only; it outlives the disposed weights.
      return {
        params: objective.ledgerParameterCount(),
        trainingFlopsPerExample: objective.trainingFlopsPerExample(),
        pricingModel: pricingOnly(objective),
      };
    },
    create,
  };
}

/** A view that answers only pricing questions (bound to the objective's ledger numbers), then frees the weights. */
function pricingOnly(objective: BuiltObjective): ReturnType<ObjectiveComponent['price']>['pricingModel'] {
  const view = objective.model();
  const refuse = () => {
    throw new Error('a pricing-only model view cannot run; build the objective to sample');
  };
  const base = {
    specVersion: view.specVersion,
    latentShape: { ...view.latentShape },
    condition: refuse,
    nullCondition: refuse,
  };
  let priced: ReturnType<ObjectiveComponent['price']>['pricingModel'];
  if (view.kind === 'flow')
    priced = { ...base, kind: 'flow', velocity: refuse, callFlops: view.callFlops.bind(view) };
  else if (view.kind === 'masked')
    priced = {
      ...base,
      kind: 'masked',
      codebookSize: view.codebookSize,
      maskId: view.maskId,
      logits: refuse,
      callFlops: view.callFlops.bind(view),
    };
  else
    priced = {
      ...base,
      kind: 'next-token',
      codebookSize: view.codebookSize,
      logits: refuse,
      start: refuse,
      next: refuse,
      prefillFlops: view.prefillFlops.bind(view),
      stepFlops: view.stepFlops.bind(view),
      ...(view.logitsFlops ? { logitsFlops: view.logitsFlops.bind(view) } : {}),
    };
  objective.dispose();
  return priced;
}

/** The three objectives of the study. */
export function objectiveComponents(): Record<string, ObjectiveComponent> {
  const rng = (seed: number) => new Rng(seed).split('init');
  return {
    'objective:flow': component(
      'flow',
      (config, setup, seed) =>
        new FlowObjective(config as never, { tokenizer: setup.tokenizer, rng: rng(seed) }),
    ),
    'objective:masked': component(
      'masked',
      (config, setup, seed) =>
        new MaskedObjective(config as never, { tokenizer: setup.tokenizer, rng: rng(seed) }),
    ),
    'objective:next-token': component(
      'next-token',
      (config, setup, seed) =>
        new NextTokenObjective(config as never, { tokenizer: setup.tokenizer, rng: rng(seed) }),
    ),
  };
}
