/** Options of `writeReport`, validated by `parseConfig` (errors name the field and the fix). */
import { z } from 'zod';

/** Schema of `writeReport`'s options. */
export const ReportOptionsSchema = z
  .object({
    /** Folder the report is written into. Default `<runDir>/report` (the results-store layout). */
    outDir: z.string().min(1).optional(),
    /**
     * Embed sample grids as data URIs so `index.html` is one self-contained file (larger). Default false:
     * grids are referenced relative to the report folder, so keep the run directory together.
     */
    embedImages: z.boolean().default(false),
    /** Bootstrap resamples per interval. Default 2000 (Efron & Tibshirani 1993, §13.3: ≥ 1000 for percentiles). */
    resamples: z.number().int().min(200).max(100_000).default(2000),
    /** Nominal coverage of every interval. Default 0.95. */
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    /** Seed of the bootstrap resampling; the same seed and records give the same findings. Default 0. */
    seed: z.number().int().default(0),
    /** Page title. Default `flopmatch comparison — <preset>`. */
    title: z.string().min(1).optional(),
  })
  .strict();

/** What a caller may pass to `writeReport` (every field optional). */
export type ReportOptions = z.input<typeof ReportOptionsSchema>;
/** Options with defaults filled. */
export type ResolvedReportOptions = z.output<typeof ReportOptionsSchema>;
