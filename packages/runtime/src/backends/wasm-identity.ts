/**
 * A zero-copy `Identity` for the wasm backend. tfjs-backend-wasm's Identity copies its input into a new
 * heap buffer; the engine runs it for every tensor a gradient saves (`tf.customGrad`'s `save`, each
 * kernel's `inputsToSave`), so a train step copied every saved activation once more. Tensors are
 * immutable and the wasm backend reference-counts shared buffers (its `Reshape` already shares them), so
 * the identity can share the input's buffer, as the cpu backend's Identity does. String tensors keep
 * tfjs's own kernel.
 */
import * as tf from '@tensorflow/tfjs-core';

const MARK = Symbol.for('@flopmatch/runtime.zero-copy-identity');

type Marked = tf.KernelConfig & { [MARK]?: true };

/** Replaces tfjs's wasm `Identity` with the zero-copy one (idempotent). */
export function registerZeroCopyIdentity(): void {
  const original = tf.getKernel('Identity', 'wasm') as Marked | undefined;
  if (!original || original[MARK]) return;
  const config: Marked = {
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
    [MARK]: true,
  };
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(config);
}
