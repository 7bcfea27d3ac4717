/**
 * The shared encoder and decoder described for the FLOP ledger (`@flopmatch/flops` conv-net shapes), so
 * their parameters and FLOPs per image come from the same formulas as every other cost in flopmatch.
 * A test checks that the ledger's parameter count equals the modules' (`parameterCount()`), so the
 * description cannot drift from the network.
 *
 * The stride-2 downsampling conv (padded [0, 1, 0, 1]) is described as a stride-2 `same` conv: both give
 * ⌈H/2⌉ rows and the same k²·C·O·Ho·Wo multiply-adds.
 */
import type { FlopCount } from '@flopmatch/core';
import { type ConvLayer, type ConvNetShape, convNetFlops, parseConvNetShape } from '@flopmatch/flops';
import { type ConvAutoencoderConfig, latentGrid } from './conv-autoencoder-config.js';

type LayerInput = Record<string, unknown> & { op: ConvLayer['op'] };

/** A level's residual blocks (the ledger reads each block's input channels off the running map). */
function blocks(config: ConvAutoencoderConfig, width: number): LayerInput[] {
  return Array.from({ length: config.blocksPerLevel }, () => ({ op: 'resblock' as const, channels: width }));
}

/**
 * The encoder as a conv-net shape: images → [H/f, W/f, outChannels].
 *
 * @example
 * convNetFlops(encoderShape(parseConvAutoencoderConfig(), 8)).forward.model; // FLOPs per image
 */
export function encoderShape(config: ConvAutoencoderConfig, outChannels: number): ConvNetShape {
  const { widths, image } = config;
  const L = widths.length - 1;
  const layers: LayerInput[] = [{ op: 'conv', channels: widths[0]! }];
  widths.forEach((w, l) => {
    layers.push(...blocks(config, w));
    if (l < L) layers.push({ op: 'conv', channels: w, stride: 2 });
  });
  layers.push({ op: 'norm' }, { op: 'activation', kind: 'silu' }, { op: 'conv', channels: outChannels });
  return parseConvNetShape(
    { type: 'conv-net', name: 'encoder', input: { ...image }, layers },
    'encoder conv-net shape',
  );
}

/**
 * The decoder as a conv-net shape: [H/f, W/f, inChannels] → images.
 *
 * @example
 * convNetFlops(decoderShape(parseConvAutoencoderConfig(), 4)).params; // parameters of the decoder
 */
export function decoderShape(config: ConvAutoencoderConfig, inChannels: number): ConvNetShape {
  const { widths, image } = config;
  const L = widths.length - 1;
  const grid = latentGrid(config);
  const layers: LayerInput[] = [{ op: 'conv', channels: widths[L]! }];
  for (let l = L; l >= 0; l--) {
    const inCh = l === L ? widths[L]! : widths[l + 1]!;
    if (l < L) {
      layers.push({ op: 'upsample' });
      if (config.upsampleConv) layers.push({ op: 'conv', channels: inCh });
    }
    layers.push(...blocks(config, widths[l]!));
  }
  layers.push({ op: 'norm' }, { op: 'activation', kind: 'silu' }, { op: 'conv', channels: image.channels });
  return parseConvNetShape(
    { type: 'conv-net', name: 'decoder', input: { ...grid, channels: inChannels }, layers },
    'decoder conv-net shape',
  );
}

/** Parameters and FLOPs of one network, from the ledger. */
export interface NetworkCost {
  params: number;
  /** One forward pass of one image. */
  forward: FlopCount;
  /** Forward + backward of one image (backward = 2 × forward). */
  training: FlopCount;
}

/** The ledger's price of a conv-net shape (default count options: convs, matmuls, biases, resampling). */
export function networkCost(shape: ConvNetShape): NetworkCost {
  const priced = convNetFlops(shape);
  return { params: priced.params, forward: priced.forward, training: priced.training };
}
