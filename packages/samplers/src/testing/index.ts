/**
 * @packageDocumentation
 * `@flopmatch/samplers/testing`: test doubles for driving samplers without a trained network — a Gaussian
 * rectified-flow model with a closed-form velocity, a masked-token model that records its inputs, a trigram
 * next-token model with a real incremental state, and codecs with exact inverses. Also useful for checking
 * a new sampler against the built-in ones.
 */
export { classConditioning, hashTable, nullConditioning } from './class-conditioning.js';
export { createFakeContinuousCodec, createFakeDiscreteCodec, type FakeCodecOptions } from './fake-codecs.js';
export {
  createGaussianFlowModel,
  type GaussianFlowModel,
  type GaussianFlowModelOptions,
} from './gaussian-flow-model.js';
export {
  createRecordingMaskedModel,
  type RecordedMaskedCall,
  type RecordingMaskedModel,
  type RecordingMaskedModelOptions,
} from './recording-masked-model.js';
export {
  createTrigramNextTokenModel,
  type TrigramNextTokenModel,
  type TrigramNextTokenModelOptions,
  type TrigramPrices,
} from './trigram-next-token-model.js';
