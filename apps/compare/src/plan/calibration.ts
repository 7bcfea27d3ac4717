/**
 * How fast units run here, for time estimates. Three sources, best first:
 *   1. measured: executed FLOPs per second of the units already finished in this run directory, per kind;
 *   2. probed: a two-second 2-D matmul probe on the planned backend, times stored efficiencies per kind
 *      (the share of matmul speed each kind of unit reached when the presets were sized);
 *   3. stored: the rates below, measured on a 2-core CPU with the wasm backend.
 */
import { tf } from '@flopmatch/runtime';
import type { UnitKind, UnitRecord } from '../store/schema.js';
import type { Calibration } from './estimate-time.js';

/**
 * Share of the 2-D matmul probe's FLOP/s each unit kind reaches (small matmuls, attention, convolutions,
 * sampling loops and feature extraction are slower than one large matmul). Measured with the demo preset.
 */
export const KIND_EFFICIENCY: Readonly<Record<UnitKind, number>> = Object.freeze({
  codec: 0.15,
  'eval-nets': 0.5,
  latents: 0.35,
  'lr-pick': 0.3,
  train: 0.3,
  eval: 0.3,
  inference: 0.3,
  report: 1,
});

/**
 * Matmul FLOP/s of one core with the wasm backend (256² float32 matmuls) on the machine the presets were
 * sized on: a 2-core CPU shared with other jobs measured 5–8 GFLOP/s; 10 is a quiet core.
 */
export const STORED_MATMUL_FLOPS_PER_SECOND = 1e10;

/** A calibration from a matmul rate and the stored efficiencies. */
export function calibrationFromRate(matmulFlopsPerSecond: number, source: string): Calibration {
  const flopsPerSecond = Object.fromEntries(
    Object.entries(KIND_EFFICIENCY).map(([kind, e]) => [kind, e * matmulFlopsPerSecond]),
  ) as Record<UnitKind, number>;
  return { source, flopsPerSecond };
}

/** The stored calibration. */
export function storedCalibration(): Calibration {
  return calibrationFromRate(
    STORED_MATMUL_FLOPS_PER_SECOND,
    `stored: ${(STORED_MATMUL_FLOPS_PER_SECOND / 1e9).toFixed(0)} GFLOP/s matmul (wasm, one core) × per-kind efficiencies`,
  );
}

/**
 * Executed FLOP/s of 2-D float32 matmuls (n × n · n × n) on the active backend, measured for about
 * `seconds` after a warm-up. Call after `initRuntime`.
 */
export async function probeMatmulFlopsPerSecond(seconds = 1, n = 256): Promise<number> {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2) as tf.Tensor2D;
  try {
    const run = async (times: number) => {
      for (let i = 0; i < times; i++) {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }
    };
    await run(2);
    let times = 2;
    for (;;) {
      const t0 = performance.now();
      await run(times);
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= seconds / 4 || times >= 1 << 16) {
        const target = Math.max(times, Math.round((times * seconds) / Math.max(elapsed, 1e-3)));
        const t1 = performance.now();
        await run(target);
        return (2 * n * n * n * target) / ((performance.now() - t1) / 1000);
      }
      times *= 4;
    }
  } finally {
    a.dispose();
    b.dispose();
  }
}

/**
 * Rates measured from finished units (executed FLOPs over wall seconds less the fixed overhead), per kind
 * with at least one unit that spent FLOPs; other kinds keep `fallback`'s.
 */
export function calibrationFromRecords(
  records: readonly UnitRecord[],
  overheadSeconds: Readonly<Record<UnitKind, number>>,
  fallback: Calibration,
): Calibration {
  const sums = new Map<UnitKind, { flops: number; seconds: number }>();
  for (const r of records) {
    if (r.manifest.flops.executed <= 0) continue;
    const s = sums.get(r.kind) ?? { flops: 0, seconds: 0 };
    s.flops += r.manifest.flops.executed;
    s.seconds += Math.max(0.1, r.manifest.wallSeconds - overheadSeconds[r.kind]);
    sums.set(r.kind, s);
  }
  if (sums.size === 0) return fallback;
  const flopsPerSecond = { ...fallback.flopsPerSecond };
  for (const [kind, s] of sums) flopsPerSecond[kind] = s.flops / s.seconds;
  return {
    source: `measured from ${records.length} finished units (${[...sums.keys()].join(', ')}); others ${fallback.source}`,
    flopsPerSecond,
  };
}
