/**
 * @packageDocumentation
 * `@flopmatch/autoencoder`: the shared ResNet-style convolutional encoder/decoder every flopmatch codec is
 * built on (only the bottleneck differs), the `Bottleneck` base class quantizers and posteriors implement,
 * autoencoder training on core's loop (L1 + L2, optional patch-GAN with adaptive weight, optional
 * random-conv perceptual loss), codec files, the latent cache (`LatentDataset`), reconstruction reports and
 * the `train-ae` / `ae report` / `ae encode` commands.
 */
export * from './cli/autoencoder-commands.js';
export * from './cli/format-report.js';
export * from './codec/autoencoder-codec.js';
export * from './codec/codec-family.js';
export * from './codec/codec-files.js';
export * from './codec/save-codec.js';
export * from './errors.js';
export * from './latent-cache/latent-cache.js';
export * from './latent-cache/latent-cache-manifest.js';
export * from './latent-cache/write-latent-cache.js';
export * from './losses/adaptive-weight.js';
export * from './losses/hinge-gan-loss.js';
export * from './losses/patch-discriminator.js';
export * from './losses/random-conv-perceptual.js';
export * from './losses/reconstruction-loss.js';
export * from './network/autoencoder.js';
export * from './network/bottleneck.js';
export * from './network/conv-autoencoder-config.js';
export * from './network/conv-decoder.js';
export * from './network/conv-encoder.js';
export * from './network/conv-net-shapes.js';
export * from './network/fast-conv2d.js';
export * from './network/resnet-block.js';
export * from './presets/demo-presets.js';
export * from './report/codebook-stats.js';
export * from './report/psnr.js';
export * from './report/reconstruction-report.js';
export * from './training/ae-run-config.js';
export * from './training/ae-train-config.js';
export * from './training/autoencoder-task.js';
export * from './training/dataset-images.js';
export * from './training/lr-schedule.js';
export * from './training/train-autoencoder.js';
export * from './util/host-tensors.js';
