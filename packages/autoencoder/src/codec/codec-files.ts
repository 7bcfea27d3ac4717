/**
 * A trained codec on disk: `codec.safetensors` (every weight and buffer, float32) and `codec.json` (the
 * manifest: family, configs, capacity, costs, the weights' sha256, how it was trained and its recorded
 * reconstruction numbers). Both are written atomically, the weights first; loading verifies the size and
 * sha256 of the weights against the manifest, so a corrupt or swapped file fails with its path.
 *
 * The weights' sha256 is the codec's identity: latent caches record it (`LatentDataset.codecHash`) and
 * results name it.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeSafetensors,
  encodeSafetensors,
  FileFormatError,
  type HostArray,
  NotFoundError,
  sha256Hex,
  writeFileAtomic,
  writeJsonAtomic,
} from '@flopmatch/core';
import { z } from 'zod';

/** Value of `codec.json`'s `format`. */
export const CODEC_FORMAT = 'flopmatch-codec';
/** The manifest file of a codec directory. */
export const CODEC_MANIFEST_FILE = 'codec.json';
/** The weights file of a codec directory. */
export const CODEC_WEIGHTS_FILE = 'codec.safetensors';

/** The zod schema of `codec.json`. */
export const CodecManifestSchema = z.strictObject({
  format: z.literal(CODEC_FORMAT),
  version: z.literal(1),
  /** The codec family that rebuilds it (`vq`, `lfq`, `fsq`, `vae`). */
  family: z.string().min(1),
  /** Registry id (`codec:vq`, …). */
  id: z.string().min(1),
  kind: z.enum(['discrete', 'continuous']),
  /** The shared encoder/decoder config (`autoencoder:conv`). */
  autoencoder: z.record(z.string(), z.json()),
  /** The bottleneck's config (its `type`, `version` and fields). */
  bottleneck: z.record(z.string(), z.json()),
  /** Capacity: bits per latent position, the latent grid, and the codebook size of discrete codecs. */
  capacity: z.strictObject({
    bitsPerPosition: z.number().positive(),
    latentShape: z.strictObject({
      height: z.number().int(),
      width: z.number().int(),
      channels: z.number().int(),
    }),
    codebookSize: z.number().int().positive().optional(),
  }),
  /** Parameters and forward FLOPs per image of encoder and decoder, from the FLOP ledger. */
  cost: z.strictObject({
    encoder: z.strictObject({ params: z.number().int(), flopsPerImage: z.number() }),
    decoder: z.strictObject({ params: z.number().int(), flopsPerImage: z.number() }),
    bottleneckParams: z.number().int(),
  }),
  /** The weights file with its sha256 and size. */
  weights: z.strictObject({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
  }),
  /** How it was trained (run config, steps, FLOPs, seconds, backend); any JSON. */
  training: z.json().optional(),
  /** Recorded reconstruction report (see `reconstructionReport`); any JSON. */
  report: z.json().optional(),
  /** ISO 8601 time of writing. */
  created: z.string(),
});

/** Parsed `codec.json`. */
export type CodecManifest = z.output<typeof CodecManifestSchema>;

/** What `writeCodecFiles` writes besides the weights (the format fields, file entry and time are added). */
export type CodecManifestContent = Omit<CodecManifest, 'format' | 'version' | 'weights' | 'created'>;

/**
 * Writes `<dir>/codec.safetensors` and then `<dir>/codec.json`, both atomically. Returns the manifest.
 *
 * @example
 * const manifest = await writeCodecFiles('codecs/demo-vq', tensors, { family: 'vq', id: 'codec:vq', … });
 */
export async function writeCodecFiles(
  dir: string,
  tensors: Record<string, HostArray>,
  content: CodecManifestContent,
): Promise<CodecManifest> {
  const bytes = encodeSafetensors(tensors, { format: CODEC_FORMAT, family: content.family });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, CODEC_WEIGHTS_FILE), bytes);
  const manifest: CodecManifest = {
    format: CODEC_FORMAT,
    version: 1,
    ...content,
    weights: { file: CODEC_WEIGHTS_FILE, sha256: sha256Hex(bytes), bytes: bytes.length },
    created: new Date().toISOString(),
  };
  await writeJsonAtomic(join(dir, CODEC_MANIFEST_FILE), CodecManifestSchema.parse(manifest));
  return manifest;
}

/** Reads and validates `<dir>/codec.json`. */
export async function readCodecManifest(dir: string): Promise<CodecManifest> {
  const path = join(dir, CODEC_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(path, 'codec manifest', 'pass a directory written by `flopmatch train-ae`');
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(path, `not valid JSON (${(error as Error).message})`, 're-export the codec');
  }
  const parsed = CodecManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new FileFormatError(
      path,
      `not a valid codec manifest:\n  - ${issues.join('\n  - ')}`,
      're-export the codec',
    );
  }
  return parsed.data;
}

/** A codec directory's manifest and verified weights. */
export interface CodecFiles {
  manifest: CodecManifest;
  tensors: Record<string, HostArray>;
}

/**
 * Reads a codec directory, checking the weights' size and sha256 against the manifest.
 *
 * @example
 * const { manifest, tensors } = await readCodecFiles('packages/vq/codecs/demo-vq');
 */
export async function readCodecFiles(dir: string): Promise<CodecFiles> {
  const manifest = await readCodecManifest(dir);
  const path = join(dir, manifest.weights.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        path,
        'codec weights listed in codec.json',
        'restore the file or re-export the codec',
      );
    }
    throw error;
  }
  const fix = 'the weights changed after the manifest was written; restore them or re-export the codec';
  if (bytes.length !== manifest.weights.bytes) {
    throw new FileFormatError(
      path,
      `size mismatch: codec.json says ${manifest.weights.bytes} bytes, found ${bytes.length}`,
      fix,
    );
  }
  const sha = sha256Hex(bytes);
  if (sha !== manifest.weights.sha256) {
    throw new FileFormatError(
      path,
      `sha256 mismatch: codec.json says ${manifest.weights.sha256}, found ${sha}`,
      fix,
    );
  }
  return { manifest, tensors: decodeSafetensors(bytes, path).tensors };
}

/** Rewrites `codec.json` with a new `report` (the weights are unchanged). */
export async function updateCodecReport(dir: string, report: unknown): Promise<CodecManifest> {
  const manifest = await readCodecManifest(dir);
  await stat(join(dir, manifest.weights.file));
  const next = CodecManifestSchema.parse({ ...manifest, report });
  await writeJsonAtomic(join(dir, CODEC_MANIFEST_FILE), next);
  return next;
}
