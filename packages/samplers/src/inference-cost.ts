/**
 * The cost record every sampler returns: FLOPs from the models' own ledger prices (`callFlops`,
 * `prefillFlops`, `stepFlops`) plus the codec's `flops.decodePerImage`, split backbone / decoder / total /
 * per image, with evaluation counts. `estimateCost` and `sample` build it with the same function, so the
 * estimate and the measured run agree by construction and a test checks both against hand sums.
 */
import { addFlops, type FlopCount, type InferenceCost, type LatentCodec, scaleFlops } from '@flopmatch/core';
import { cfgPasses } from './classifier-free-guidance.js';

/** The counted parts of a sampling call. */
export interface CostParts {
  /** Sum of every model call's ledger price (all passes, all rows). */
  backbone: FlopCount;
  codec: LatentCodec;
  /** Images produced. */
  n: number;
  /** Network evaluations per sample path (Euler: steps; Heun: 2·steps − 1; MaskGIT: K; next-token: T). */
  nfe: number;
  cfgPasses: number;
  sequentialEvals: number;
}

/** The run-independent part of an `InferenceCost` (what `estimateCost` returns). */
export type EstimatedCost = Omit<InferenceCost, 'wallMs' | 'peakBytes'>;

/**
 * Assembles the cost: decoder = n · decodePerImage (model = executed: codecs report one number), total =
 * backbone + decoder, perImage = total / n.
 *
 * @example
 * assembleCost({ backbone: { model: 100, executed: 120 }, codec, n: 2, nfe: 10, cfgPasses: 2, sequentialEvals: 10 });
 */
export function assembleCost(parts: CostParts): EstimatedCost {
  const perDecode = parts.codec.flops.decodePerImage;
  const decoder = { model: perDecode * parts.n, executed: perDecode * parts.n };
  const total = addFlops(parts.backbone, decoder);
  return {
    flops: { backbone: { ...parts.backbone }, decoder, total, perImage: scaleFlops(total, 1 / parts.n) },
    nfe: parts.nfe,
    cfgPasses: parts.cfgPasses,
    sequentialEvals: parts.sequentialEvals,
    batch: parts.n,
  };
}

/**
 * The estimate of a sampler whose every evaluation is one model call of the same price (the flow solvers,
 * MaskGIT): backbone = `evaluations` × callFlops(n · passes), all of them sequential.
 *
 * @example
 * repeatedCallCost({ model, codec, n: 4, cfgScale: 3 }, 12); // 12 calls on 8 rows each
 */
export function repeatedCallCost(
  request: { model: { callFlops(rows: number): FlopCount }; codec: LatentCodec; n: number; cfgScale: number },
  evaluations: number,
): EstimatedCost {
  const { model, codec, n, cfgScale } = request;
  const passes = cfgPasses(cfgScale);
  return assembleCost({
    backbone: scaleFlops(model.callFlops(n * passes), evaluations),
    codec,
    n,
    nfe: evaluations,
    cfgPasses: passes,
    sequentialEvals: evaluations,
  });
}
