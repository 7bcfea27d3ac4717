/** Small configs and a word tokenizer for tests (not exported from the package). */
import {
  type EvalNetConfig,
  type EvalNetTrainConfig,
  parseEvalNetConfig,
  parseEvalNetTrainConfig,
} from './eval-net-config.js';
import { WordTokenizer } from './word-tokenizer.js';

/** A trivial word-level tokenizer double over the words of shapes and MNIST captions used in tests. */
export const TEST_TOKENIZER = new WordTokenizer(
  'a an at the two three small large red green blue yellow magenta cyan circle square triangle cross circles squares triangles crosses top bottom left right centre of above below handwritten digit zero one'.split(
    ' ',
  ),
);

/** A tiny shapes feature net (fast to build and run). */
export function tinyShapesConfig(): EvalNetConfig {
  return parseEvalNetConfig({
    name: 'test-shapes',
    netVersion: 1,
    kind: 'features',
    dataset: 'shapes',
    image: { height: 32, width: 32, channels: 3 },
    trunk: { patchWidths: [16, 8], hidden: 32, featureDim: 16 },
    head: {
      type: 'shapes-cells',
      shapes: ['circle', 'square', 'triangle', 'cross'],
      colours: ['red', 'green', 'blue', 'yellow', 'magenta', 'cyan'],
      sizes: ['small', 'large'],
    },
  });
}

/** A tiny mini-CLIP over `TEST_TOKENIZER`. */
export function tinyClipConfig(): EvalNetConfig {
  return parseEvalNetConfig({
    name: 'test-clip',
    netVersion: 1,
    kind: 'clip',
    dataset: 'shapes',
    image: { height: 32, width: 32, channels: 3 },
    trunk: { patchWidths: [16, 8], hidden: 32, featureDim: 16 },
    head: {
      type: 'clip',
      vocabSize: TEST_TOKENIZER.vocabSize,
      embedDim: 8,
      textLength: 12,
      tokenWidth: 4,
      textHidden: 16,
    },
  });
}

/** A training config with every default (steps 1), for networks saved without training. */
export function evalNetTrainDefaults(): EvalNetTrainConfig {
  return parseEvalNetTrainConfig({ steps: 1 });
}
