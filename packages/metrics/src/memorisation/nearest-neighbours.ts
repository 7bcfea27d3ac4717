/**
 * Brute-force nearest neighbours from generated samples to a training set, batched through TensorFlow.js:
 * squared distances ‖s‖² + ‖t‖² − 2·s·t come from one 2-D matmul per (sample batch, training chunk) — the
 * wasm backend's fast path — then the best `candidates` rows per sample are re-ranked with exact float64
 * distances on the host, so float32 cancellation (near-duplicates are exactly what we look for) never
 * decides the reported distance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';

/** Rows [n, dim], row-major: flattened images or features. */
export interface HostRows {
  n: number;
  dim: number;
  data: Float32Array | Float64Array;
}

/** Options of `nearestNeighbours`. */
export interface NearestNeighbourOptions {
  /** Sample rows per matmul. Default 256. */
  batchSize?: number;
  /** Training rows per matmul. Default 2048. */
  chunkSize?: number;
  /** Candidates kept per sample from the float32 pass for exact float64 re-ranking (≥ 2). Default 8. */
  candidates?: number;
}

/** For every sample: its nearest and second-nearest training rows and their Euclidean distances. */
export interface NearestNeighbours {
  index: Int32Array;
  /** ‖sample − training[index]‖, float64. */
  distance: Float64Array;
  /** Second-nearest row (−1 when the training set has one row). */
  secondIndex: Int32Array;
  /** Distance to the second-nearest row (+Infinity when there is none). */
  secondDistance: Float64Array;
}

function exactDistance(a: HostRows, i: number, b: HostRows, j: number): number {
  let s = 0;
  const d = a.dim;
  for (let t = 0; t < d; t++) {
    const diff = a.data[i * d + t]! - b.data[j * d + t]!;
    s += diff * diff;
  }
  return Math.sqrt(s);
}

function checkRows(name: string, rows: HostRows): void {
  if (rows.n < 1 || rows.dim < 1 || rows.data.length !== rows.n * rows.dim) {
    throw new MetricInputError(
      `nearest neighbours: ${name} has n = ${rows.n}, dim = ${rows.dim} and ${rows.data.length} values`,
      'pass at least one row, with data.length = n·dim',
    );
  }
}

/**
 * Nearest and second-nearest training rows of every sample (Euclidean), by brute force in batches.
 * Needs an initialised TensorFlow.js backend (`initRuntime`).
 *
 * @example
 * const nn = await nearestNeighbours(samples, training); // nn.index[i], nn.distance[i]
 */
export async function nearestNeighbours(
  samples: HostRows,
  training: HostRows,
  options: NearestNeighbourOptions = {},
): Promise<NearestNeighbours> {
  checkRows('samples', samples);
  checkRows('training', training);
  if (samples.dim !== training.dim) {
    throw new MetricInputError(
      `nearest neighbours: samples have dim ${samples.dim} but training rows have dim ${training.dim}`,
      'flatten both the same way (e.g. H·W·C pixels) or use the same feature extractor',
    );
  }
  const batchSize = options.batchSize ?? 256;
  const chunkSize = options.chunkSize ?? 2048;
  const k = Math.min(Math.max(options.candidates ?? 8, 2), training.n);
  const { n, dim } = samples;
  // Running candidates per sample: k float32-pass scores (ascending) and their training indices.
  const candScore = new Float64Array(n * k).fill(Number.POSITIVE_INFINITY);
  const candIndex = new Int32Array(n * k).fill(-1);
  const sampleTensor = tf.tensor2d(Float32Array.from(samples.data), [n, dim]);
  const sampleNorms = tf.tidy(() => tf.sum(tf.square(sampleTensor), 1, true)); // [n, 1]
  try {
    for (let c0 = 0; c0 < training.n; c0 += chunkSize) {
      const c1 = Math.min(c0 + chunkSize, training.n);
      const chunk = tf.tensor2d(Float32Array.from(training.data.subarray(c0 * dim, c1 * dim)), [
        c1 - c0,
        dim,
      ]);
      const chunkT = tf.transpose(chunk); // [dim, c]: a plain 2-D matmul below, no transpose flags
      const chunkNorms = tf.tidy(() => tf.reshape(tf.sum(tf.square(chunk), 1), [1, c1 - c0])); // [1, c]
      chunk.dispose();
      for (let b0 = 0; b0 < n; b0 += batchSize) {
        const b1 = Math.min(b0 + batchSize, n);
        const d2 = tf.tidy(() => {
          const rows = tf.slice(sampleTensor, [b0, 0], [b1 - b0, dim]);
          const norms = tf.slice(sampleNorms, [b0, 0], [b1 - b0, 1]);
          return tf.sub(tf.add(norms, chunkNorms), tf.mul(2, tf.matMul(rows, chunkT))); // ‖s‖² + ‖t‖² − 2·s·t
        });
        const scores = await d2.data();
        d2.dispose();
        const width = c1 - c0;
        for (let i = b0; i < b1; i++) {
          const base = i * k;
          const row = (i - b0) * width;
          for (let j = 0; j < width; j++) {
            const s = scores[row + j]!;
            if (!(s < candScore[base + k - 1]!)) continue;
            let p = k - 1;
            while (p > 0 && candScore[base + p - 1]! > s) {
              candScore[base + p] = candScore[base + p - 1]!;
              candIndex[base + p] = candIndex[base + p - 1]!;
              p--;
            }
            candScore[base + p] = s;
            candIndex[base + p] = c0 + j;
          }
        }
      }
      chunkT.dispose();
      chunkNorms.dispose();
    }
  } finally {
    sampleTensor.dispose();
    sampleNorms.dispose();
  }
  // Exact float64 re-ranking of the candidates (ties → lower training index).
  const result: NearestNeighbours = {
    index: new Int32Array(n),
    distance: new Float64Array(n),
    secondIndex: new Int32Array(n).fill(-1),
    secondDistance: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
  };
  for (let i = 0; i < n; i++) {
    const ranked: [number, number][] = [];
    for (let c = 0; c < k; c++) {
      const j = candIndex[i * k + c]!;
      if (j >= 0) ranked.push([exactDistance(samples, i, training, j), j]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    result.index[i] = ranked[0]![1];
    result.distance[i] = ranked[0]![0];
    if (ranked.length > 1) {
      result.secondIndex[i] = ranked[1]![1];
      result.secondDistance[i] = ranked[1]![0];
    }
  }
  return result;
}
