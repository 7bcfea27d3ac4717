/**
 * Tensor types the contracts speak in. flopmatch computes with TensorFlow.js (`@tensorflow/tfjs-core`);
 * core imports only its types, so this package runs no kernels and registers no backend.
 *
 * Layout legend used across all contracts:
 *   N = batch, H/W = image height/width, C = channels,
 *   h/w/c = latent grid height/width/channels, L = prompt length in tokens, d = model width.
 */
import type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';

export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D };

/** A named set of tensors, as stored in a checkpoint (`safetensors`) or a parameter tree. */
export type TensorMap = Record<string, Tensor>;

/** Plain typed-array data with a shape: what checkpoints and caches hold without a tensor runtime. */
export interface HostArray {
  dtype:
    | 'float32'
    | 'float64'
    | 'int32'
    | 'uint8'
    | 'int64'
    | 'float16'
    | 'bfloat16'
    | 'int16'
    | 'int8'
    | 'uint16'
    | 'uint32'
    | 'bool';
  shape: number[];
  data:
    | Float32Array
    | Float64Array
    | Int32Array
    | Uint8Array
    | BigInt64Array
    | Uint16Array
    | Int16Array
    | Int8Array
    | Uint32Array;
}
