/**
 * Claim 5 of "Computational Tradeoffs in Image Synthesis: Diffusion, Masked-Token, and Next-Token
 * Prediction" (Kilian, Jampani, Zettlemoyer, arXiv:2405.13218), §4 (autoencoder ablation): the
 * autoencoder's quality bounds the generator's — a better codec gives a better generator, and no generator
 * beats its codec's reconstructions. Testing it needs two codec capacities per latent type.
 */
import type { ObjectiveName } from '../../store/schema.js';
import { type ByObjective, OBJECTIVE_LABELS } from '../objective-style.js';
import { type BootstrapOptions, bootstrapMeanDifference, bootstrapStatistic } from './bootstrap.js';
import { tooFewEstimate } from './estimate.js';
import { type Comparison, decide, type Finding, missingDataFinding } from './finding.js';

/** One codec and the generators trained on it with one objective. */
export interface CodecGenerator {
  codec: string;
  /** FD of the codec's reconstructions against real images (absent when the run did not measure it). */
  reconstructionFd?: number;
  /**
   * FD between two sets of real images at the reconstruction FD's N: the small-N floor every FD at that N
   * includes (absent when the run has no baseline at that N). Codec gaps are measured above it.
   */
  realFd?: number;
  /** PSNR of reconstructions in dB: ranks codecs when reconstruction FD is missing. */
  psnr: number;
  /** Generator FD per seed (same budget and size for every codec of the objective). */
  generatorFd: readonly number[];
}

/** What claim 5 reads: per objective, its codecs with their generators. */
export interface CodecBoundInput {
  codecs: ByObjective<readonly CodecGenerator[]>;
  /** Where the generator FDs come from (`budget 3e13 FLOPs, size d128`). */
  context: string;
}

/** Codecs from best to worst reconstruction: by reconstruction FD when every codec has one, else by PSNR. */
export function rankCodecs(codecs: readonly CodecGenerator[]): CodecGenerator[] {
  const byFd = codecs.every((c) => c.reconstructionFd !== undefined);
  return [...codecs].sort((a, b) => (byFd ? a.reconstructionFd! - b.reconstructionFd! : b.psnr - a.psnr));
}

/**
 * How far apart the best and worst codec must be before "better codec" means anything: reconstruction FD
 * above the real-vs-real floor at the same N at least 10% lower (relative to the worse), or, ranked by PSNR,
 * at least 1 dB higher. Raw FD at small N is mostly that floor (shapes at N = 100: 1696 between two real
 * sets), so raw ratios would call every pair a tie. Closer codecs are a tie, and a generator difference
 * between them tests nothing about codec quality.
 */
export const MIN_CODEC_GAP = Object.freeze({ relativeFd: 0.1, psnrDb: 1 });

/** Why `best` and `worst` are too close to rank (undefined when they are far enough apart). */
export function codecTie(best: CodecGenerator, worst: CodecGenerator): string | undefined {
  if (best.reconstructionFd !== undefined && worst.reconstructionFd !== undefined) {
    const floor = best.realFd !== undefined && best.realFd === worst.realFd ? best.realFd : 0;
    const excessBest = best.reconstructionFd - floor;
    const excessWorst = worst.reconstructionFd - floor;
    const gap = excessWorst > 0 ? (excessWorst - excessBest) / excessWorst : 0;
    if (gap >= MIN_CODEC_GAP.relativeFd) return undefined;
    const above = floor > 0 ? ` above the real-vs-real ${floor.toFixed(1)}` : '';
    return (
      `${best.codec} and ${worst.codec} reconstruct within ${(100 * gap).toFixed(1)}% of each other ` +
      `(reconstruction FD ${best.reconstructionFd.toFixed(1)} vs ${worst.reconstructionFd.toFixed(1)}, ` +
      `a ranking needs ≥ ${100 * MIN_CODEC_GAP.relativeFd}%${above}): sweep codecs of clearly different capacity`
    );
  }
  const gap = best.psnr - worst.psnr;
  if (gap >= MIN_CODEC_GAP.psnrDb) return undefined;
  return (
    `${best.codec} and ${worst.codec} reconstruct within ${gap.toFixed(2)} dB PSNR of each other ` +
    `(a ranking needs ≥ ${MIN_CODEC_GAP.psnrDb} dB): sweep codecs of clearly different capacity`
  );
}

/** Tests claim 5 on `input`. */
export function claimCodecBound(input: CodecBoundInput, stats: BootstrapOptions): Finding {
  const pct = Math.round(stats.confidence * 100);
  const base = {
    number: 5 as const,
    id: 'codec-bound',
    claim: 'Autoencoder quality bounds generator quality.',
    rule:
      'Per objective, codecs ranked by reconstruction FD (PSNR when FD is missing), and only when the best ' +
      `and worst differ by ≥ ${100 * MIN_CODEC_GAP.relativeFd}% in reconstruction FD above the real-vs-real FD at that N ` +
      `(≥ ${MIN_CODEC_GAP.psnrDb} dB PSNR); ` +
      `${pct}% percentile-bootstrap intervals over seeds. Supported when, for every objective, generator FD ` +
      'on the best codec − on the worst codec lies below 0 (needs two clearly different codecs per objective) and ' +
      'no generator FD lies below its codec’s reconstruction FD; not supported when a difference lies above ' +
      '0 or a generator beats its codec; inconclusive otherwise or with too few codecs.',
  };
  const present = (Object.entries(input.codecs) as [ObjectiveName, CodecGenerator[]][]).filter(
    ([, c]) => c.length > 0,
  );
  if (present.length === 0) return missingDataFinding(base, 'no evaluations with codec information');
  const comparisons: Comparison[] = [];
  const notes = [`Generator FD from ${input.context}.`];
  for (const [o, codecs] of present) {
    const ranked = rankCodecs(codecs);
    const best = ranked[0]!;
    const worst = ranked[ranked.length - 1]!;
    const label = `${o}: generator FD on ${best.codec} − on ${worst.codec}`;
    const method = 'percentile bootstrap over seeds';
    const tie = ranked.length < 2 ? undefined : codecTie(best, worst);
    const estimate =
      ranked.length < 2
        ? tooFewEstimate(
            `${o} has 1 codec (${best.codec}); needs two codec capacities per objective`,
            stats.confidence,
            method,
          )
        : tie !== undefined
          ? tooFewEstimate(`${o}: ${tie}`, stats.confidence, method)
          : bootstrapMeanDifference(
              { name: `${o} on ${best.codec}`, replicates: best.generatorFd.map((v) => [v]) },
              { name: `${o} on ${worst.codec}`, replicates: worst.generatorFd.map((v) => [v]) },
              { ...stats, seed: `${stats.seed}/codec-${o}` },
            );
    comparisons.push({
      label: ranked.length < 2 ? `${o}: codec ranking` : label,
      unit: 'FD',
      estimate,
      want: 'below',
      role: 'required',
    });
    for (const c of ranked) {
      const mean = c.generatorFd.reduce((s, v) => s + v, 0) / c.generatorFd.length;
      const recon =
        c.reconstructionFd === undefined
          ? `PSNR ${c.psnr.toFixed(1)} dB`
          : `reconstruction FD ${c.reconstructionFd.toFixed(2)}`;
      notes.push(
        `${OBJECTIVE_LABELS[o]} on ${c.codec}: generator FD ${mean.toFixed(2)} (${c.generatorFd.length} seed${c.generatorFd.length > 1 ? 's' : ''}), ${recon}`,
      );
      if (c.reconstructionFd === undefined || c.generatorFd.length < 2) continue;
      const recFd = c.reconstructionFd;
      comparisons.push({
        label: `${o} on ${c.codec}: generator FD − reconstruction FD`,
        unit: 'FD',
        estimate: bootstrapStatistic(
          [{ name: `${o} on ${c.codec}`, replicates: c.generatorFd.map((v) => [v]) }],
          ([m]) => m! - recFd,
          { ...stats, seed: `${stats.seed}/bound-${o}-${c.codec}` },
        ),
        want: 'above',
        role: 'not-opposite',
      });
    }
  }
  return { ...base, ...decide(comparisons), notes };
}
