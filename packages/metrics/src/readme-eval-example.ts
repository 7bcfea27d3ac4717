/** The README's evaluation-network example, run by `readme.test.ts` (the region is copied into README.md verbatim). */
// #region readme-eval
import { createDataset } from '@flopmatch/data';
import {
  computeReference,
  evaluateAgainstReference,
  type HostImages,
  loadFeatureNetwork,
  parseEvalProtocol,
} from '@flopmatch/metrics';

export async function evaluateShapes(generated: HostImages, n: number) {
  const net = await loadFeatureNetwork('shapes-features-v1'); // committed weights, sha256-checked on load
  const dataset = createDataset('shapes', { split: 'test', heldOutPairs: [] });
  const protocol = parseEvalProtocol({ n }); // fixed N, prompt set (real set A's captions) and seeds
  const { reference, sets } = computeReference({ extractor: net, dataset, protocol }); // real vs real′ at N
  const fake = net.extractHost(generated); // features stamped with net.extractorHash
  const rows = evaluateAgainstReference(fake, sets.realA, reference, protocol);
  net.dispose();
  return rows; // [{ name: 'FD-shapes-features-v1', value, n, baseline, ceiling }, KID, precision, recall]
}
// #endregion
