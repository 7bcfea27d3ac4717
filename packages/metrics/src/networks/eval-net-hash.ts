/**
 * The extractor hash of an evaluation network: `hashExtractorWeights` over its id, version and weights;
 * for a mini-CLIP the tokenizer fingerprint joins the weights (as the uint8 tensor `tokenizer.fingerprint`),
 * since the same weights under another tokenizer compute another function.
 */
import type { HostArray } from '@flopmatch/core';
import { hashExtractorWeights } from '../feature-set.js';

/** `sha256:<hex>` identifying a network's exact function. */
export function evalNetHash(
  id: string,
  netVersion: number,
  weights: Record<string, HostArray>,
  tokenizerFingerprint?: string,
): string {
  const all: Record<string, HostArray> = { ...weights };
  if (tokenizerFingerprint !== undefined) {
    const bytes = new TextEncoder().encode(tokenizerFingerprint);
    all['tokenizer.fingerprint'] = { dtype: 'uint8', shape: [bytes.length], data: bytes };
  }
  return hashExtractorWeights(id, netVersion, all);
}
