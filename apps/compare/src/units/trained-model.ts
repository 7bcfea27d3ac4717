/**
 * A trained generator ready to sample: the objective rebuilt from its unit's setup, one milestone's raw
 * or EMA weights loaded into it (sha256-verified checkpoint files, `@flopmatch/trainer`'s `assignHostMap`),
 * and the codec it was trained on.
 */
import { type LatentCodec, loadCheckpoint, type Objective } from '@flopmatch/core';
import { assignHostMap } from '@flopmatch/trainer';
import type { ComponentRegistries, Disposable } from '../registries/components.js';
import type { UnitRecordOf } from '../store/schema.js';
import { type ObjectiveUnitConfig, objectiveId, objectiveSetupFor } from './objective-setup.js';
import { emaFileId } from './train-unit.js';
import { fromRun, runTokenizer } from './unit-support.js';

/** What `loadTrainedModel` returns. */
export interface TrainedModel {
  objective: Objective & Disposable;
  codec: LatentCodec;
  dispose(): void;
}

/** Options of `loadTrainedModel`. */
export interface LoadTrainedModelOptions {
  runDir: string;
  registries: ComponentRegistries;
  config: ObjectiveUnitConfig & { seed: number };
  train: UnitRecordOf<'train'>;
  codec: UnitRecordOf<'codec'>;
  milestone: number;
  weights: 'raw' | 'ema';
}

/** Builds the objective of a train unit and loads milestone `milestone`'s weights into it. */
export async function loadTrainedModel(options: LoadTrainedModelOptions): Promise<TrainedModel> {
  const { registries: r, config, train, runDir } = options;
  const m = train.result.milestones[options.milestone];
  if (!m) throw new Error(`${train.unit} has no milestone ${options.milestone}`);
  const codecRecord = options.codec.result;
  const codec = await r.codecs.get(codecRecord.id).load(fromRun(runDir, codecRecord.path));
  const tokenizer = await runTokenizer(runDir, config.dataset, r);
  const objective = r.objectives.get(objectiveId(config.objective)).create(
    objectiveSetupFor(
      config,
      {
        latentShape: codecRecord.latentShape,
        ...(codecRecord.codebookSize !== undefined ? { codebookSize: codecRecord.codebookSize } : {}),
      },
      tokenizer,
      (train.manifest.config as { training?: { conditioningDropout?: number } }).training
        ?.conditioningDropout ?? 0.1,
    ),
    config.seed,
  );
  try {
    if (options.weights === 'ema' && !train.result.ema) throw new Error(`${train.unit} kept no EMA weights`);
    const file = options.weights === 'raw' ? 'model' : emaFileId(train.result.ema!.halfLife);
    const dir = fromRun(runDir, m.checkpoint);
    const ckpt = await loadCheckpoint(dir, { files: [file] });
    assignHostMap(objective.namedVariables(), ckpt.tensors[file]!, `${dir}/${file}.safetensors`);
  } catch (error) {
    objective.dispose();
    (codec as { dispose?: () => void }).dispose?.();
    throw error;
  }
  return {
    objective,
    codec,
    dispose() {
      objective.dispose();
      (codec as { dispose?: () => void }).dispose?.();
    },
  };
}
