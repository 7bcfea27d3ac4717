import { initRuntime } from '@flopmatch/runtime';
import { HeunSampler } from '@flopmatch/samplers';
import { createFakeContinuousCodec, createGaussianFlowModel } from '@flopmatch/samplers/testing';

await initRuntime({ backend: 'wasm' });
const model = createGaussianFlowModel(); // a FlowModel test double: use your objective's `.model()`
const codec = createFakeContinuousCodec({ latentShape: model.latentShape });
const heun = new HeunSampler({ steps: 10 });
const request = { model, codec, prompts: ['a red circle'], n: 4, seed: 0, cfgScale: 3 };
const estimate = heun.estimateCost(request); // priced from the FLOP ledger, runs nothing
const { images, cost } = await heun.sample(request);
// prints: [ 4, 2, 2, 1 ] 19 2 true
console.log(images.shape, cost.nfe, cost.cfgPasses, cost.flops.total.model === estimate.flops.total.model);

// ---- end of README example ----
export { codec, cost, estimate, images, model };
