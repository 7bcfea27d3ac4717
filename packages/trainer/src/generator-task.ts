/**
 * One optimizer step of a generator, as a `TrainingTask` for core's `runTraining`:
 *   1. draw the next batch (seeded, resumable) and encode its prompts;
 *   2. loss and gradients: `tf.variableGrads(() => objective.loss(batch, rng, true))`, with the step's
 *      random stream `rng = ctx.rng.split('step/<step>')` (a pure function of the run's seed and the step);
 *   3. clip the global gradient norm (Pascanu et al., arXiv:1211.5063, §3.2);
 *   4. AdamW at the phase's learning rate (Loshchilov & Hutter, arXiv:1711.05101);
 *   5. update every EMA;
 *   6. report loss, FLOPs (model and executed, from the ledger), learning rate and gradient norm to the loop.
 * A non-finite loss or gradient norm skips 4–5; the loop then stops the run naming it.
 */
import type {
  FlopCount,
  LatentDataset,
  Objective,
  PromptTokenizer,
  StepContext,
  StepResult,
  TaskState,
  TrainingTask,
} from '@flopmatch/core';
import { Rng } from '@flopmatch/core';
import { AdamW, clipGradNorm, valueAndGrads } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { EmaBank } from './ema-bank.js';
import { TrainerError } from './errors.js';
import { assignHostMap, fromHostArray, toHostMap } from './host-tensors.js';
import { type DataPosition, disposeLatentBatch, LatentBatcher } from './latent-batcher.js';
import type { ResolvedEma, TrainerConfig } from './trainer-config.js';

/** What the task is training right now: the learning-rate curve and what goes into checkpoints. */
export interface TaskPhase {
  /** `main` or a milestone id; saved in checkpoint state. */
  id: string;
  /** Learning rate of 0-based step `step`. */
  lrAt(step: number): number;
  /** T for EMAs with `relativeTo: 'run'`. */
  emaRunSteps: number;
  /** Extra JSON saved in checkpoint state (e.g. the milestone and its FLOPs). */
  describe?: Record<string, unknown>;
}

/** Options of `GeneratorTask`. */
export interface GeneratorTaskOptions {
  objective: Objective;
  data: LatentDataset;
  tokenizer: PromptTokenizer;
  config: TrainerConfig;
  emas: readonly ResolvedEma[];
  /** Parameter names without weight decay. Default: every parameter of rank < 2 (biases, norm gains; nanoGPT). */
  noDecay?: Iterable<string>;
}

/** The objective's variables of rank < 2 (biases and norm gains): nanoGPT's no-decay rule. */
export function lowRankNames(objective: Objective): Set<string> {
  return new Set([...objective.namedVariables()].filter(([, v]) => v.rank < 2).map(([n]) => n));
}

/**
 * The training step of `trainGenerator`, reusable for any objective.
 *
 * @example
 * const task = new GeneratorTask({ objective, data, tokenizer, config, emas: resolveEmas(config) });
 * task.setPhase({ id: 'main', lrAt: () => 3e-4, emaRunSteps: 1000 });
 * await runTraining({ dir, task, budget: { steps: 1000 } });
 */
export class GeneratorTask implements TrainingTask {
  readonly objective: Objective;
  readonly optimizer: AdamW;
  readonly emas: EmaBank;
  /** FLOPs of one step: `objective.trainingFlopsPerExample()` × batchSize. */
  readonly stepFlops: FlopCount;
  readonly #config: TrainerConfig;
  readonly #params: Map<string, tf.Variable>;
  readonly #batcher: LatentBatcher;
  #phase: TaskPhase | undefined;

  constructor(options: GeneratorTaskOptions) {
    const { objective, data, tokenizer, config } = options;
    if (objective.latentKind !== data.kind) {
      throw new TrainerError(
        `objective '${objective.id}' trains on ${objective.latentKind} latents but the dataset holds ${data.kind} ones`,
        data.kind === 'discrete'
          ? 'encode the dataset with a continuous codec (codec:vae)'
          : 'encode the dataset with a discrete codec (codec:vq)',
      );
    }
    this.objective = objective;
    this.#config = config;
    this.#params = objective.namedVariables();
    if (this.#params.size === 0)
      throw new TrainerError(`objective '${objective.id}' has no variables to train`);
    const perExample = objective.trainingFlopsPerExample();
    this.stepFlops = {
      model: perExample.model * config.batchSize,
      executed: perExample.executed * config.batchSize,
    };
    const o = config.optimizer;
    this.optimizer = new AdamW(this.#params, {
      lr: o.lr,
      beta1: o.beta1,
      beta2: o.beta2,
      eps: o.eps,
      weightDecay: o.weightDecay,
      noDecay: options.noDecay ?? lowRankNames(objective),
    });
    this.emas = new EmaBank(this.#params, options.emas);
    this.#batcher = new LatentBatcher(data, tokenizer, {
      batchSize: config.batchSize,
      promptLength: config.promptLength,
      rng: new Rng(config.seed).split('data'),
    });
  }

  /** Sets the learning-rate curve and checkpoint description of the steps that follow. */
  setPhase(phase: TaskPhase): void {
    this.#phase = phase;
  }

  /** The data position (JSON). */
  dataPosition(): DataPosition {
    return this.#batcher.position();
  }

  step(ctx: StepContext): StepResult {
    const phase = this.#phase;
    if (!phase) throw new TrainerError('GeneratorTask.step ran before setPhase', 'call setPhase first');
    const lr = phase.lrAt(ctx.step);
    const { batch, truncatedPrompts } = this.#batcher.next(); // 1.
    const rng = ctx.rng.split(`step/${ctx.step}`);
    let value: tf.Scalar;
    let grads: Map<string, tf.Tensor>;
    try {
      ({ value, grads } = valueAndGrads(() => this.objective.loss(batch, rng, true), this.#params)); // 2.
    } finally {
      disposeLatentBatch(batch);
    }
    const loss = value.dataSync()[0]!;
    value.dispose();
    const clipped = clipGradNorm(grads, this.#config.optimizer.maxGradNorm); // 3.
    if (Number.isFinite(loss) && Number.isFinite(clipped.norm)) {
      this.optimizer.step(clipped.grads, lr); // 4.
      this.emas.update(ctx.step + 1, phase.emaRunSteps); // 5.
    }
    tf.dispose([...clipped.grads.values()]);
    return {
      loss,
      flops: { ...this.stepFlops },
      lr,
      metrics: { gradNorm: clipped.norm, ...(truncatedPrompts ? { truncatedPrompts } : {}) },
      tensorsToCheck: { gradNorm: [clipped.norm] },
    };
  }

  state(): TaskState {
    const optimizer = this.optimizer.exportState();
    const tensors: TaskState['tensors'] = { model: toHostMap(this.#params), optimizer: toHostMap(optimizer) };
    optimizer.step!.dispose(); // a new scalar; the moments are live variables
    for (const spec of this.emas.specs) tensors[spec.id] = toHostMap(this.emas.shadows(spec.id));
    return {
      tensors,
      json: {
        phase: this.#phase?.id ?? null,
        ...(this.#phase?.describe ?? {}),
        optimizerSteps: this.optimizer.stepCount,
      },
      data: this.#batcher.position(),
    };
  }

  restore(state: TaskState): void {
    const { model, optimizer } = state.tensors;
    if (!model || !optimizer) {
      throw new TrainerError(
        `checkpoint holds tensor files ${Object.keys(state.tensors).join(', ')}; model and optimizer are needed`,
        'resume from a checkpoint written by trainGenerator',
      );
    }
    assignHostMap(this.#params, model, 'checkpoint model.safetensors');
    const opt = Object.fromEntries(
      Object.entries(optimizer).map(([k, v]) => [k, fromHostArray(v, `optimizer '${k}'`)]),
    );
    try {
      this.optimizer.loadState(opt);
    } finally {
      tf.dispose(Object.values(opt));
    }
    this.emas.loadState(state.tensors, 'checkpoint');
    this.#batcher.seek(state.data as DataPosition);
  }

  /** Disposes the optimizer moments and EMA shadows (not the objective's variables). */
  dispose(): void {
    this.optimizer.dispose();
    this.emas.dispose();
  }
}
