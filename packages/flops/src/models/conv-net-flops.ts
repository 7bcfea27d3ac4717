/**
 * FLOPs and parameters of a conv encoder/decoder per image, layer by layer, so autoencoders can be priced
 * with the same convention as the Transformer (see `convention.ts`). Convs and resampling are always
 * counted; norms, activations, softmax and residual adds follow `CountOptions`.
 */
import type { CodecFlops, FlopCount } from '@flopmatch/core';
import { addCosts, type OpCost, trainingFlops, ZERO_COST } from '../convention.js';
import { type CountOptions, resolveCountOptions } from '../count-options.js';
import { FlopsArgumentError } from '../errors.js';
import { elementwiseFlops } from '../layers/activation.js';
import { attentionFlops } from '../layers/attention.js';
import { type Conv2dFlopsOptions, conv2dFlops } from '../layers/conv2d.js';
import { normFlops, normParams } from '../layers/norm.js';
import { resampleFlops } from '../layers/resample.js';
import { softmaxFlops } from '../layers/softmax.js';
import {
  type ConvLayer,
  type ConvNetShape,
  type ConvNetShapeInput,
  parseConvNetShape,
} from './conv-net-shape.js';

/** A feature map's shape. */
export interface MapShape {
  height: number;
  width: number;
  channels: number;
}

/** One priced layer. */
export interface ConvLayerCost {
  /** Index in `layers`. */
  index: number;
  op: ConvLayer['op'];
  /** Shape after the layer. */
  output: MapShape;
  cost: OpCost;
  params: number;
}

/** A conv net's cost per image. */
export interface ConvNetFlops {
  shape: ConvNetShape;
  options: CountOptions;
  layers: ConvLayerCost[];
  /** Shape of the final feature map. */
  output: MapShape;
  /** One forward pass of one image. */
  forward: FlopCount;
  /** forward + backward of one image. */
  training: FlopCount;
  /** Learned parameters. */
  params: number;
}

interface Priced {
  output: MapShape;
  cost: OpCost;
  params: number;
}

/** A convolution of `map` to `channels` channels; stride, padding and bias default as in `conv2dFlops`. */
function conv(
  map: MapShape,
  channels: number,
  kernel: number,
  options: Pick<Conv2dFlopsOptions, 'stride' | 'padding' | 'bias'> = {},
): Priced {
  const c = conv2dFlops({
    height: map.height,
    width: map.width,
    inChannels: map.channels,
    outChannels: channels,
    kernel,
    ...options,
  });
  return { output: { height: c.outHeight, width: c.outWidth, channels }, cost: c.cost, params: c.params };
}

function priceLayer(layer: ConvLayer, map: MapShape, o: CountOptions, index: number): Priced {
  const elements = map.height * map.width * map.channels;
  const norm = (kind: 'group' | 'layer' | 'rms', affine: boolean, at: MapShape): Priced => ({
    output: at,
    cost: o.norms ? normFlops({ kind, elements: at.height * at.width * at.channels, affine }) : ZERO_COST,
    params: normParams(kind, at.channels, affine),
  });
  const act = (kind: 'silu' | 'gelu' | 'relu', at: MapShape): OpCost =>
    o.activations ? elementwiseFlops({ kind, elements: at.height * at.width * at.channels }) : ZERO_COST;
  switch (layer.op) {
    case 'conv':
      return conv(map, layer.channels, layer.kernel, {
        stride: layer.stride,
        padding: layer.padding,
        bias: layer.bias,
      });
    case 'norm':
      return norm(layer.kind, layer.affine, map);
    case 'activation':
      return { output: map, cost: act(layer.kind, map), params: 0 };
    case 'upsample':
    case 'downsample': {
      const r = resampleFlops({
        mode: layer.op === 'downsample' ? 'average' : layer.mode,
        factor: layer.factor,
        height: map.height,
        width: map.width,
        channels: map.channels,
      });
      return {
        output: { height: r.outHeight, width: r.outWidth, channels: map.channels },
        cost: r.cost,
        params: 0,
      };
    }
    case 'resblock': {
      const n1 = norm(layer.norm, true, map);
      const c1 = conv(map, layer.channels, 3);
      const n2 = norm(layer.norm, true, c1.output);
      const c2 = conv(c1.output, layer.channels, 3);
      const shortcut = map.channels === layer.channels ? undefined : conv(map, layer.channels, 1);
      const out = c2.output;
      return {
        output: out,
        cost: addCosts(
          n1.cost,
          act(layer.activation, map),
          c1.cost,
          n2.cost,
          act(layer.activation, c1.output),
          c2.cost,
          shortcut?.cost ?? ZERO_COST,
          o.elementwise
            ? elementwiseFlops({ kind: 'add', elements: out.height * out.width * out.channels })
            : ZERO_COST,
        ),
        params: n1.params + c1.params + n2.params + c2.params + (shortcut?.params ?? 0),
      };
    }
    case 'attention': {
      const C = map.channels;
      if (C % layer.heads !== 0) {
        throw new FlopsArgumentError(
          `layers[${index}].heads`,
          layer.heads,
          `heads must divide the ${C} channels at this layer`,
          `pick a divisor of ${C}`,
        );
      }
      const n = norm('group', true, map);
      const proj = conv(map, C, 1); // one of q, k, v, out: each a 1×1 conv C → C
      const positions = map.height * map.width;
      const attention = attentionFlops({
        mask: 'bidirectional',
        tokenLength: positions,
        heads: layer.heads,
        headDim: C / layer.heads,
      });
      const scores = {
        model: attention.pairs.model * layer.heads,
        executed: attention.pairs.executed * layer.heads,
      };
      return {
        output: map,
        cost: addCosts(
          n.cost,
          proj.cost,
          proj.cost,
          proj.cost,
          attention.total,
          o.softmax ? softmaxFlops({ scores }) : ZERO_COST,
          proj.cost,
          o.elementwise ? elementwiseFlops({ kind: 'add', elements }) : ZERO_COST,
        ),
        params: n.params + 4 * proj.params,
      };
    }
  }
}

/**
 * Prices a conv net on one image.
 *
 * @example
 * const enc = convNetFlops({ type: 'conv-net', input: { height: 32, width: 32, channels: 3 },
 *   layers: [{ op: 'conv', channels: 64 }, { op: 'downsample' }, { op: 'conv', channels: 4, kernel: 1 }] });
 * enc.forward.model; enc.output; // { height: 16, width: 16, channels: 4 }
 */
export function convNetFlops(
  shape: ConvNetShapeInput | ConvNetShape,
  options: Partial<CountOptions> = {},
): ConvNetFlops {
  const parsed = parseConvNetShape(shape);
  const resolved = resolveCountOptions(options);
  let map: MapShape = { ...parsed.input };
  const layers: ConvLayerCost[] = [];
  parsed.layers.forEach((layer, index) => {
    const priced = priceLayer(layer, map, resolved, index);
    layers.push({ index, op: layer.op, output: priced.output, cost: priced.cost, params: priced.params });
    map = priced.output;
  });
  const total = addCosts(...layers.map((l) => l.cost));
  return {
    shape: parsed,
    options: resolved,
    layers,
    output: map,
    forward: total.forward,
    training: trainingFlops(total),
    params: layers.reduce((a, l) => a + l.params, 0),
  };
}

/**
 * A codec's `flops` field (core's `CodecFlops`) from its encoder and decoder descriptions: model forward
 * FLOPs per image.
 *
 * @example
 * const flops = codecFlops(encoderShape, decoderShape); // { encodePerImage, decodePerImage }
 */
export function codecFlops(
  encoder: ConvNetShapeInput | ConvNetShape,
  decoder: ConvNetShapeInput | ConvNetShape,
  options: Partial<CountOptions> = {},
): CodecFlops {
  return {
    encodePerImage: convNetFlops(encoder, options).forward.model,
    decodePerImage: convNetFlops(decoder, options).forward.model,
  };
}
