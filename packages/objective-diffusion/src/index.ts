/**
 * @packageDocumentation
 * `@flopmatch/objective-diffusion`: flow matching with the rectified-flow path (SD3) on continuous latents
 * over the shared `@flopmatch/transformer` backbone — logit-normal t, velocity target ε − x₀, MSE, linear
 * patch-in and zero-initialised patch-out, the timestep as a prefix token or through adaLN — and its
 * `FlowModel` view for the Euler/Heun samplers.
 */
export * from './flow-config.js';
export * from './flow-model.js';
export * from './flow-objective.js';
export * from './logit-normal.js';
export * from './patchify.js';
export * from './timestep-embedding.js';
