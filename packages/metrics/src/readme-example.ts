/** The README example, run by `readme.test.ts` (the region below is copied into README.md verbatim). */
// #region readme
import { ShapesDataset } from '@flopmatch/data';
import {
  checkPrompt,
  frechetDistance,
  kernelDistance,
  precisionRecall,
  readFeatureSet,
} from '@flopmatch/metrics';

export async function evaluate(realPath: string, fakePath: string) {
  const real = await readFeatureSet(realPath); // [N, D] .npy (+ optional <file>.json sidecar with extractorHash)
  const fake = await readFeatureSet(fakePath); // refused if its extractor hash differs from real's
  const fd = frechetDistance(real, fake); // { name: 'FD-<extractor>', value, n, details: { nReal, nFake, … } }
  const kid = kernelDistance(real, fake, { subsetSize: 100, subsets: 10, seed: 0 }); // value ± std
  const [precision, recall] = precisionRecall(real, fake, { k: 3 });
  const sample = new ShapesDataset({ split: 'test' }).get(0); // image + SceneGraph in meta
  const prompt = checkPrompt({ width: 32, height: 32, channels: 3, data: sample.image }, sample.meta);
  return { fd, kid, precision, recall, promptCorrect: prompt.correct };
}
// #endregion
