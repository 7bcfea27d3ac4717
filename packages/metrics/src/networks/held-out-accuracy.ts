/**
 * The held-out accuracy recorded with every evaluation network (and re-measured by the tests):
 * - feature nets on `shapes`: per-object shape, colour and size, per-scene positions, count and whole
 *   scene (`shapesAttributeAccuracy`);
 * - feature nets on class datasets: top-1 class accuracy;
 * - mini-CLIPs: caption retrieval — each image against the distinct captions of its group of
 *   `RETRIEVAL_GROUP` held-out samples, right when its own caption scores highest (`chance` = mean of
 *   1 / distinct captions), in both directions.
 */
import type { Dataset } from '@flopmatch/core';
import { MetricInputError } from '../errors.js';
import { argmaxRows } from './cross-entropy.js';
import { type EvalNetwork, FeatureNetwork } from './eval-network.js';
import { gatherSamples, targetsOf } from './network-inputs.js';
import { decodeCellLogits, shapesAttributeAccuracy } from './shapes-cell-labels.js';

/** Candidates per retrieval question. */
export const RETRIEVAL_GROUP = 8;

/** Fractions in [0, 1] by name (`shape`, `colour`, … or `top1`, or `imageToText`, `textToImage`, `chance`). */
export type AccuracyRecord = Record<string, number>;

/**
 * Accuracy of `net` on samples [offset, offset + count) of `dataset`.
 *
 * @example
 * const acc = heldOutAccuracy(net, createDataset('shapes', { split: 'test' }), 200); // { shape: 0.99, … }
 */
export function heldOutAccuracy(
  net: EvalNetwork,
  dataset: Dataset,
  count: number,
  offset = 0,
): AccuracyRecord {
  if (offset + count > dataset.size) {
    throw new MetricInputError(
      `held-out accuracy: samples ${offset}..${offset + count} exceed ${dataset.id}'s ${dataset.size}`,
    );
  }
  const indices = Array.from({ length: count }, (_, i) => offset + i);
  const { samples, images } = gatherSamples(dataset, indices);
  const host = { data: images, n: count, shape: dataset.imageShape };
  if (net instanceof FeatureNetwork) {
    const logits = net.logitsHost(host);
    const targets = targetsOf(net.config, samples);
    const head = net.config.head;
    if (targets.type === 'shapes-cells' && head.type === 'shapes-cells') {
      const acc = shapesAttributeAccuracy(decodeCellLogits(logits, count, head), targets.labels, head);
      return { ...acc };
    }
    if (targets.type === 'classes' && head.type === 'classes') {
      const predicted = argmaxRows(logits, count, head.classes.length);
      const right = predicted.reduce((a, p, i) => a + Number(p === targets.labels[i]), 0);
      return { top1: right / count, n: count };
    }
    throw new MetricInputError(`held-out accuracy: no rule for a '${head.type}' head`);
  }
  return retrievalAccuracy(
    net,
    images,
    dataset,
    samples.map((s) => s.caption),
  );
}

function retrievalAccuracy(
  net: Exclude<EvalNetwork, FeatureNetwork>,
  images: Float32Array,
  dataset: Dataset,
  captions: readonly string[],
): AccuracyRecord {
  const n = captions.length;
  const img = net.extractHost({ data: images, n, shape: dataset.imageShape }).data;
  const txt = net.embedPrompts(captions).data;
  const d = net.dim;
  const dot = (a: number, b: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += img[a * d + t]! * txt[b * d + t]!;
    return s;
  };
  let i2t = 0;
  let t2i = 0;
  let chance = 0;
  let questions = 0;
  for (let start = 0; start + RETRIEVAL_GROUP <= n; start += RETRIEVAL_GROUP) {
    const group = Array.from({ length: RETRIEVAL_GROUP }, (_, k) => start + k);
    // One representative index per distinct caption.
    const distinct = new Map<string, number>();
    for (const g of group) if (!distinct.has(captions[g]!)) distinct.set(captions[g]!, g);
    const reps = [...distinct.values()];
    for (const g of group) {
      const best = reps.reduce((a, b) => (dot(g, b) > dot(g, a) ? b : a));
      i2t += Number(captions[best] === captions[g]);
      const bestImage = group.reduce((a, b) => (dot(b, g) > dot(a, g) ? b : a));
      t2i += Number(captions[bestImage] === captions[g]);
      chance += 1 / reps.length;
      questions++;
    }
  }
  if (questions === 0)
    throw new MetricInputError(`retrieval accuracy needs at least ${RETRIEVAL_GROUP} samples`);
  return {
    imageToText: i2t / questions,
    textToImage: t2i / questions,
    chance: chance / questions,
    n: questions,
  };
}
