/**
 * Memorisation check: how close generated samples come to training examples.
 *
 * Criterion: Gu, Du, Pang, Li, Lin & Wang, "On Memorization in Diffusion Models", arXiv:2310.02664 — a
 * sample counts as memorised when its distance to the nearest training example is below a third of its
 * distance to the second nearest (d₁ < d₂/3), i.e. it sits on one training example rather than between
 * several. Distances are Euclidean on whatever rows are given (pixels or features).
 */
import type { MetricValue } from '@flopmatch/core';
import {
  type HostRows,
  type NearestNeighbourOptions,
  type NearestNeighbours,
  nearestNeighbours,
} from './nearest-neighbours.js';

/** Options of `memorisationCheck`. */
export interface MemorisationOptions extends NearestNeighbourOptions {
  /** A sample is memorised when d₁ < ratio · d₂. Default 1/3 (Gu et al. 2023). */
  ratio?: number;
}

/** The check's metrics and the neighbours they came from. */
export interface MemorisationReport {
  /** `memorised-fraction` (n = samples, `details.memorised` lists the sample indices), `nn-distance/min`, `nn-distance/median`. */
  metrics: MetricValue[];
  neighbours: NearestNeighbours;
}

/**
 * Nearest-neighbour distances from `samples` to `training` and the fraction of memorised samples.
 *
 * @example
 * const { metrics } = await memorisationCheck(generatedPixels, trainingPixels);
 * metrics[0]; // { name: 'memorised-fraction', value: 0.002, n: 1000, details: { memorised: [417, …] } }
 */
export async function memorisationCheck(
  samples: HostRows,
  training: HostRows,
  options: MemorisationOptions = {},
): Promise<MemorisationReport> {
  const ratio = options.ratio ?? 1 / 3;
  const neighbours = await nearestNeighbours(samples, training, options);
  const n = samples.n;
  const memorised: number[] = [];
  for (let i = 0; i < n; i++)
    if (neighbours.distance[i]! < ratio * neighbours.secondDistance[i]!) memorised.push(i); // d₁ < d₂/3
  const sorted = Float64Array.from(neighbours.distance).sort();
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const trainingSize = training.n;
  return {
    metrics: [
      {
        name: 'memorised-fraction',
        value: memorised.length / n,
        n,
        details: { ratio, memorised, trainingSize },
      },
      { name: 'nn-distance/min', value: sorted[0]!, n, details: { trainingSize } },
      { name: 'nn-distance/median', value: median, n, details: { trainingSize } },
    ],
    neighbours,
  };
}
