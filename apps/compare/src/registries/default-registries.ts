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
import type {
  CodecComponent,
  ComponentRegistries,
  DatasetComponent,
  EvalNetComponent,
  MetricComponent,
  ObjectiveComponent,
  SamplerComponent,
} from './components.js';

/** Registries of every built-in component. */
export function defaultRegistries(): ComponentRegistries {
  return {
    datasets: createRegistry<DatasetComponent>(
      'dataset',
      Object.fromEntries(Object.values(datasets).map((d) => [d.id, d as unknown as DatasetComponent])),
    ),
    codecs: createRegistry<CodecComponent>('codec', {}),
    objectives: createRegistry<ObjectiveComponent>('objective', {}),
    samplers: createRegistry<SamplerComponent>('sampler', samplers as Record<string, SamplerComponent>),
    metrics: createRegistry<MetricComponent>(
      'metric',
      METRIC_FACTORIES as unknown as Record<string, MetricComponent>,
    ),
    evalNets: createRegistry<EvalNetComponent>('evalnet', {}),
    sizes: createRegistry('size', { ...SIZE_PRESETS }),
  };
}
