/**
 * Prompt-following accuracy over a set of (image, prompt) pairs: overall, per caption template (GenEval's
 * "tasks") and per check, each a `MetricValue` with its sample size.
 */
import type { MetricValue } from '@flopmatch/core';
import type { CaptionTemplate } from '@flopmatch/data';
import { MetricInputError } from '../errors.js';
import { type CheckName, checkPrompt, type PromptResult, type PromptSpec } from './check-prompt.js';
import {
  type PromptCheckerConfig,
  type PromptCheckerOptions,
  parsePromptCheckerConfig,
} from './checker-config.js';
import type { RgbImage } from './segment-colours.js';

/** Accuracy of a set of prompts. */
export interface PromptAccuracyReport {
  /** `prompt-accuracy`: fraction of prompts whose every clause holds; n = prompts. */
  overall: MetricValue;
  /** `prompt-accuracy/<template>` for each template present; n = prompts of that template. */
  perTemplate: Partial<Record<CaptionTemplate, MetricValue>>;
  /** `check-accuracy/<check>` for each check made; n = clauses that assert it. */
  perCheck: Partial<Record<CheckName, MetricValue>>;
  /** Every prompt's result, in input order. */
  results: PromptResult[];
}

/** Aggregates prompt results into overall, per-template and per-check accuracies. */
export function summarisePromptResults(results: PromptResult[]): PromptAccuracyReport {
  if (results.length === 0)
    throw new MetricInputError('prompt accuracy: no prompts to score', 'pass at least one image');
  const rate = (name: string, hits: number, n: number): MetricValue => ({ name, value: hits / n, n });
  const perTemplate: PromptAccuracyReport['perTemplate'] = {};
  const templates = new Map<CaptionTemplate, [number, number]>();
  const checks = new Map<CheckName, [number, number]>();
  for (const r of results) {
    const t = templates.get(r.template) ?? [0, 0];
    templates.set(r.template, [t[0] + (r.correct ? 1 : 0), t[1] + 1]);
    for (const clause of r.clauses) {
      for (const [name, pass] of Object.entries(clause.checks) as [CheckName, boolean][]) {
        const c = checks.get(name) ?? [0, 0];
        checks.set(name, [c[0] + (pass ? 1 : 0), c[1] + 1]);
      }
    }
  }
  for (const [template, [hits, n]] of templates)
    perTemplate[template] = rate(`prompt-accuracy/${template}`, hits, n);
  const perCheck: PromptAccuracyReport['perCheck'] = {};
  for (const [name, [hits, n]] of checks) perCheck[name] = rate(`check-accuracy/${name}`, hits, n);
  const correct = results.filter((r) => r.correct).length;
  return { overall: rate('prompt-accuracy', correct, results.length), perTemplate, perCheck, results };
}

/**
 * Checks every image against its prompt and summarises.
 *
 * @example
 * const report = promptAccuracy(images, prompts); // images[i] was generated for prompts[i]
 * report.overall.value; report.perTemplate.count?.value; report.perCheck.position?.value;
 */
export function promptAccuracy(
  images: readonly RgbImage[],
  prompts: readonly PromptSpec[],
  options: PromptCheckerOptions | PromptCheckerConfig = {},
): PromptAccuracyReport {
  if (images.length !== prompts.length) {
    throw new MetricInputError(
      `prompt accuracy: ${images.length} images but ${prompts.length} prompts`,
      'pass one prompt per image (images[i] was generated for prompts[i])',
    );
  }
  const config = parsePromptCheckerConfig(options);
  return summarisePromptResults(images.map((image, i) => checkPrompt(image, prompts[i]!, config)));
}
