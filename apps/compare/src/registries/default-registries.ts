/**
 * The registries built from the installed packages: datasets (`@flopmatch/data`), samplers
 * (`@flopmatch/samplers`), distribution metrics (`@flopmatch/metrics`), backbone sizes
 * (`@flopmatch/transformer`), and the codec, objective and evaluation-network adapters of this app.
 */
import { createRegistry } from '@flopmatch/core';
import { datasets } from '@flopmatch/data';
import { METRIC_FACTORIES } from '@flopmatch/metrics';
import { samplers } from '@flopmatch/samplers';
import { SIZE_PRESETS } from '@flopmatch/transformer';
import { vaeFamily } from '@flopmatch/vae';
import { fsqFamily, lfqFamily, vqFamily } from '@flopmatch/vq';
import { committedCodecRoot, familyCodecComponent } from './codec-component.js';
import type {
  CodecComponent,
  ComponentRegistries,
  DatasetComponent,
  EvalNetComponent,
  MetricComponent,
  ObjectiveComponent,
  SamplerComponent,
} from './components.js';
import { evalNetComponent } from './eval-net-component.js';
import { objectiveComponents } from './objective-components.js';

/** Every codec family the app offers. */
export const CODEC_FAMILIES = [vqFamily, lfqFamily, fsqFamily, vaeFamily] as const;

function codecComponents(): Record<string, CodecComponent> {
  const vqRoot = committedCodecRoot('@flopmatch/vq');
  const vaeRoot = committedCodecRoot('@flopmatch/vae');
  return Object.fromEntries(
    CODEC_FAMILIES.map((family) => {
      const root = family === vaeFamily ? vaeRoot : vqRoot;
      return [
        family.id,
        familyCodecComponent({ family, families: CODEC_FAMILIES, ...(root ? { committedRoot: root } : {}) }),
      ];
    }),
  );
}

/** Registries of every built-in component. */
export function defaultRegistries(): ComponentRegistries {
  return {
    datasets: createRegistry<DatasetComponent>(
      'dataset',
      Object.fromEntries(Object.values(datasets).map((d) => [d.id, d as unknown as DatasetComponent])),
    ),
    codecs: createRegistry<CodecComponent>('codec', codecComponents()),
    objectives: createRegistry<ObjectiveComponent>('objective', objectiveComponents()),
    samplers: createRegistry<SamplerComponent>('sampler', samplers as Record<string, SamplerComponent>),
    metrics: createRegistry<MetricComponent>(
      'metric',
      METRIC_FACTORIES as unknown as Record<string, MetricComponent>,
    ),
    evalNets: createRegistry<EvalNetComponent>('evalnet', { 'evalnet:default': evalNetComponent() }),
    sizes: createRegistry('size', { ...SIZE_PRESETS }),
  };
}
