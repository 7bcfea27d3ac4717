/**
 * Registers nn's kernels and their gradients with TensorFlow.js, from one explicit list (STYLE.md habit
 * 10). Registration is lazy and idempotent: the ops in `ops.ts` call `registerNnKernels()` on first use, so
 * importing `@flopmatch/nn` has no side effect. A kernel or gradient of the same name registered by
 * anything else makes registration throw, naming it.
 */
import { FlopmatchError } from '@flopmatch/core';
import {
  type GradConfig,
  getGradient,
  getKernel,
  type KernelConfig,
  registerGradient,
  registerKernel,
} from '@tensorflow/tfjs-core';
import { adamwUpdateCpu, adamwUpdateWasm } from './adamw-update.js';
import { batchMatMulCpu, batchMatMulWasm } from './batch-matmul.js';
import { cachedAttentionCpu, cachedAttentionWasm } from './cached-attention.js';
import { columnSumCpu, columnSumWasm } from './column-sum.js';
import { NN_GRADIENTS } from './gradients.js';
import { layerNormRowsCpu, layerNormRowsWasm } from './layer-norm-rows.js';
import { linearRowsCpu, linearRowsWasm } from './linear-rows.js';
import { joinHeadsCpu, joinHeadsWasm, splitHeadsCpu, splitHeadsWasm } from './split-heads.js';
import { swapLastAxesCpu, swapLastAxesWasm } from './swap-last-axes.js';
import { writeCacheRowsCpu, writeCacheRowsWasm } from './write-cache-rows.js';

/** Every kernel nn registers: one entry per (kernel, backend). */
export const NN_KERNEL_CONFIGS: readonly KernelConfig[] = Object.freeze([
  batchMatMulWasm,
  batchMatMulCpu,
  swapLastAxesWasm,
  swapLastAxesCpu,
  columnSumWasm,
  columnSumCpu,
  splitHeadsWasm,
  splitHeadsCpu,
  joinHeadsWasm,
  joinHeadsCpu,
  adamwUpdateWasm,
  adamwUpdateCpu,
  writeCacheRowsWasm,
  writeCacheRowsCpu,
  cachedAttentionWasm,
  cachedAttentionCpu,
  layerNormRowsWasm,
  layerNormRowsCpu,
  linearRowsWasm,
  linearRowsCpu,
]);

/** The backends nn registers kernels for; elsewhere the ops fall back to plain tfjs ops. */
export const NN_KERNEL_BACKENDS: readonly string[] = Object.freeze(['wasm', 'cpu']);

/** Marks configs registered by (any copy of) this package, so a second copy in one process is not a clash. */
const MARK = Symbol.for('@flopmatch/nn.kernel');

type Marked = { [MARK]?: true };

let done = false;

function clash(what: string, name: string): never {
  throw new FlopmatchError(
    'E_KERNEL_REGISTRY',
    `${what} '${name}' is already registered by another library`,
    'nn owns the Flopmatch* kernel names: rename the other kernel, or do not load two different kernel sets',
  );
}

/**
 * Registers `kernels` and `gradients`, skipping those a copy of nn already registered. Throws when the
 * list names a (kernel, backend) twice or when a kernel or gradient of the same name came from elsewhere.
 */
export function registerKernelSet(kernels: readonly KernelConfig[], gradients: readonly GradConfig[]): void {
  const seen = new Set<string>();
  for (const config of kernels) {
    const key = `${config.kernelName}/${config.backendName}`;
    if (seen.has(key)) throw new FlopmatchError('E_KERNEL_REGISTRY', `kernel ${key} is listed twice`);
    seen.add(key);
    const existing = getKernel(config.kernelName, config.backendName) as (KernelConfig & Marked) | undefined;
    if (existing && !existing[MARK]) clash('kernel', key);
    if (!existing) registerKernel(Object.assign({ [MARK]: true as const }, config));
  }
  for (const config of gradients) {
    const existing = getGradient(config.kernelName) as (GradConfig & Marked) | undefined;
    if (existing && !existing[MARK]) clash('gradient', config.kernelName);
    if (!existing) registerGradient(Object.assign({ [MARK]: true as const }, config));
  }
}

/** Registers every kernel and gradient of `NN_KERNEL_CONFIGS` / `NN_GRADIENTS`, once per process. */
export function registerNnKernels(): void {
  if (done) return;
  registerKernelSet(NN_KERNEL_CONFIGS, NN_GRADIENTS);
  done = true;
}
