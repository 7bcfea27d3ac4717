/**
 * `network.json`: everything recorded about one committed evaluation network — its architecture and
 * training configs, the weights file with its sha256, the extractor hash stamped on every feature set it
 * produces, the tokenizer of a mini-CLIP, the held-out accuracy measured after training and how training
 * went. A network directory holds this file and `weights.safetensors`.
 */
import { z } from 'zod';
import { EvalNetConfigSchema, EvalNetTrainConfigSchema } from './eval-net-config.js';

/** Value of `network.json`'s `format`. */
export const EVAL_NET_FORMAT = 'flopmatch-eval-net';
/** Name of the manifest in a network directory. */
export const EVAL_NET_MANIFEST = 'network.json';
/** Name of the weights file in a network directory. */
export const EVAL_NET_WEIGHTS = 'weights.safetensors';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const flops = z.strictObject({ model: z.number().nonnegative(), executed: z.number().nonnegative() });

/** The tokenizer a mini-CLIP was trained with. */
export const EvalNetTokenizerSchema = z.strictObject({
  /** `words`: a `WordTokenizer` over `words` (rebuilt on load); `custom`: the caller must pass the same one. */
  type: z.enum(['words', 'custom']),
  /** The word list of a `words` tokenizer. */
  words: z.array(z.string()).optional(),
  /** Prompts whose encodings define the fingerprint. */
  probes: z.array(z.string()).min(1),
  /** `tokenizerFingerprint(tokenizer, probes, textLength)`. */
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

/** The zod schema of `network.json`. */
export const EvalNetManifestSchema = z.strictObject({
  format: z.literal(EVAL_NET_FORMAT),
  formatVersion: z.literal(1),
  /** `<name>-v<netVersion>`. */
  id: z.string(),
  config: EvalNetConfigSchema,
  train: EvalNetTrainConfigSchema,
  weights: z.strictObject({ file: z.string(), sha256: hex64, bytes: z.number().int().positive() }),
  /** `hashExtractorWeights(id, netVersion, weights [+ tokenizer fingerprint])`: every `FeatureSet.extractorHash`. */
  extractorHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  tokenizer: EvalNetTokenizerSchema.nullable(),
  /** Accuracy on the held-out split after training (fractions), with the dataset config and N. */
  heldOut: z.strictObject({
    data: z.record(z.string(), z.unknown()),
    n: z.number().int().positive(),
    accuracy: z.record(z.string(), z.number()),
  }),
  training: z.strictObject({
    steps: z.number().int().nonnegative(),
    flops,
    /** Mean loss of the last 50 steps. */
    finalLoss: z.number(),
    seconds: z.number().nonnegative(),
    backend: z.string(),
    tfjsVersion: z.string(),
    created: z.string(),
  }),
});

/** Parsed `network.json`. */
export type EvalNetManifest = z.output<typeof EvalNetManifestSchema>;
