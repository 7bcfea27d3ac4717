/**
 * Saving and loading evaluation networks: a directory with `weights.safetensors` and `network.json`.
 * Loading checks, before any number is computed: the manifest's schema, the weights file's sha256 against
 * the manifest, the safetensors structure, every parameter name and shape, the recomputed extractor hash,
 * and for a mini-CLIP the tokenizer's fingerprint. Any mismatch throws an error naming the file and the fix.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeSafetensors,
  encodeSafetensors,
  FileFormatError,
  NotFoundError,
  type PromptTokenizer,
  parseConfig,
  Rng,
  sha256Hex,
  writeFileAtomic,
  writeJsonAtomic,
} from '@flopmatch/core';
import { fromHostArrays, toHostArrays } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { evalNetAssetsDir } from './assets-dir.js';
import { evalNetId } from './eval-net-config.js';
import { evalNetHash } from './eval-net-hash.js';
import {
  EVAL_NET_FORMAT,
  EVAL_NET_MANIFEST,
  EVAL_NET_WEIGHTS,
  type EvalNetManifest,
  EvalNetManifestSchema,
} from './eval-net-manifest.js';
import { ClipNetwork, type EvalNetwork, FeatureNetwork } from './eval-network.js';
import { FeatureNet } from './feature-net.js';
import { MiniClip } from './mini-clip.js';
import { tokenizerFingerprint } from './tokenizer-fingerprint.js';
import { WordTokenizer } from './word-tokenizer.js';

const RETRAIN = (id: string) =>
  `restore ${EVAL_NET_WEIGHTS} from the published package (or git), or retrain with \`flopmatch metrics train-net --net ${id.replace(/-v\d+$/, '')}\``;

/** What `saveEvalNet` writes besides the weights. */
export type EvalNetRecord = Omit<
  EvalNetManifest,
  'format' | 'formatVersion' | 'id' | 'weights' | 'extractorHash'
>;

/**
 * Writes `model`'s weights and `network.json` into `dir` (atomically, weights first). Returns the manifest.
 *
 * @example
 * await saveEvalNet('packages/metrics/assets/shapes-features-v1', model, record);
 */
export async function saveEvalNet(
  dir: string,
  model: FeatureNet | MiniClip,
  record: EvalNetRecord,
): Promise<EvalNetManifest> {
  const id = evalNetId(record.config);
  const weights = toHostArrays(model.namedVariables());
  const bytes = encodeSafetensors(weights, { format: EVAL_NET_FORMAT, id });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, EVAL_NET_WEIGHTS), bytes);
  const manifest: EvalNetManifest = {
    format: EVAL_NET_FORMAT,
    formatVersion: 1,
    id,
    ...record,
    weights: { file: EVAL_NET_WEIGHTS, sha256: sha256Hex(bytes), bytes: bytes.length },
    extractorHash: evalNetHash(id, record.config.netVersion, weights, record.tokenizer?.fingerprint),
  };
  await writeJsonAtomic(join(dir, EVAL_NET_MANIFEST), manifest);
  return manifest;
}

async function readBytes(path: string, what: string, fix: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(path, what, fix);
    throw error;
  }
}

/** Reads and validates `network.json` of a network directory. */
export async function readEvalNetManifest(dir: string): Promise<EvalNetManifest> {
  const path = join(dir, EVAL_NET_MANIFEST);
  const text = new TextDecoder().decode(
    await readBytes(
      path,
      'evaluation network manifest',
      'train the network with `flopmatch metrics train-net`',
    ),
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(
      path,
      `not valid JSON (${(error as Error).message})`,
      'restore the file from the package',
    );
  }
  return parseConfig(EvalNetManifestSchema, json, path);
}

/** Options of `loadEvalNet`. */
export interface LoadEvalNetOptions {
  /** The network directory. Default `<package>/assets/<id>` (the committed networks). */
  dir?: string;
  /**
   * The prompt tokenizer of a mini-CLIP. Default: rebuilt from the manifest for `words` tokenizers; a
   * `custom` one must be passed. Either way its fingerprint must match the manifest's.
   */
  tokenizer?: PromptTokenizer;
}

function resolveTokenizer(
  manifest: EvalNetManifest,
  dir: string,
  given: PromptTokenizer | undefined,
): PromptTokenizer {
  const path = join(dir, EVAL_NET_MANIFEST);
  const record = manifest.tokenizer;
  const head = manifest.config.head;
  if (!record || head.type !== 'clip')
    throw new FileFormatError(path, 'a clip network without a tokenizer record');
  let tokenizer = given;
  if (!tokenizer) {
    if (record.type !== 'words' || !record.words) {
      throw new FileFormatError(
        path,
        `network ${manifest.id} was trained with a custom tokenizer`,
        'pass the same tokenizer as options.tokenizer',
      );
    }
    tokenizer = new WordTokenizer(record.words);
  }
  const fingerprint = tokenizerFingerprint(tokenizer, record.probes, head.textLength);
  if (fingerprint !== record.fingerprint) {
    throw new FileFormatError(
      path,
      `the tokenizer passed encodes the probe prompts differently from the one ${manifest.id} was trained with (fingerprint ${fingerprint}, recorded ${record.fingerprint})`,
      'pass the tokenizer the network was trained with, or omit it to use the recorded word list',
    );
  }
  return tokenizer;
}

/**
 * Loads an evaluation network by id (`shapes-features-v1`, `shapes-clip-v1`, `mnist-features-v1`, …) from
 * the committed assets, or from `options.dir`. Needs an initialised TensorFlow.js backend.
 *
 * @example
 * await initRuntime({ backend: 'wasm' });
 * const net = await loadEvalNet('shapes-features-v1');
 */
export async function loadEvalNet(id: string, options: LoadEvalNetOptions = {}): Promise<EvalNetwork> {
  const dir = options.dir ?? join(evalNetAssetsDir(), id);
  const manifest = await readEvalNetManifest(dir);
  const manifestPath = join(dir, EVAL_NET_MANIFEST);
  if (options.dir === undefined && manifest.id !== id) {
    throw new FileFormatError(
      manifestPath,
      `holds network '${manifest.id}', not '${id}'`,
      'restore the assets folder',
    );
  }
  const weightsPath = join(dir, manifest.weights.file);
  const bytes = await readBytes(weightsPath, 'evaluation network weights', RETRAIN(manifest.id));
  const hash = sha256Hex(bytes);
  if (bytes.length !== manifest.weights.bytes || hash !== manifest.weights.sha256) {
    throw new FileFormatError(
      weightsPath,
      `is corrupt or was replaced: ${bytes.length} bytes with sha256 ${hash}, but ${EVAL_NET_MANIFEST} records ${manifest.weights.bytes} bytes with sha256 ${manifest.weights.sha256}`,
      RETRAIN(manifest.id),
    );
  }
  const { tensors } = decodeSafetensors(bytes, weightsPath);
  const tokenizer =
    manifest.config.kind === 'clip' ? resolveTokenizer(manifest, dir, options.tokenizer) : undefined;
  const recomputed = evalNetHash(
    manifest.id,
    manifest.config.netVersion,
    tensors,
    tokenizer
      ? tokenizerFingerprint(
          tokenizer,
          manifest.tokenizer!.probes,
          (manifest.config.head as { textLength: number }).textLength,
        )
      : undefined,
  );
  if (recomputed !== manifest.extractorHash) {
    throw new FileFormatError(
      manifestPath,
      `extractorHash ${manifest.extractorHash} does not match the weights (${recomputed})`,
      RETRAIN(manifest.id),
    );
  }
  const rng = new Rng('eval-net/load'); // initial values are overwritten by the weights
  const model =
    manifest.config.kind === 'clip'
      ? new MiniClip(manifest.config, rng)
      : new FeatureNet(manifest.config, rng);
  const state = fromHostArrays(tensors, weightsPath);
  try {
    model.loadStateDict(state);
  } catch (error) {
    model.dispose();
    throw new FileFormatError(
      weightsPath,
      `does not fit the architecture in ${EVAL_NET_MANIFEST}: ${(error as Error).message}`,
      RETRAIN(manifest.id),
    );
  } finally {
    tf.dispose([...state.values()]);
  }
  return model instanceof MiniClip
    ? new ClipNetwork(model, tokenizer!, manifest.extractorHash)
    : new FeatureNetwork(model, manifest.extractorHash);
}

/** `loadEvalNet` for a feature/classifier network (a mini-CLIP id is refused). */
export async function loadFeatureNetwork(
  id: string,
  options: LoadEvalNetOptions = {},
): Promise<FeatureNetwork> {
  const net = await loadEvalNet(id, options);
  if (!(net instanceof FeatureNetwork)) {
    net.dispose();
    throw new FileFormatError(
      id,
      'is a mini-CLIP, not a feature network',
      'use loadClipNetwork, or a *-features id',
    );
  }
  return net;
}

/** `loadEvalNet` for a mini-CLIP (a feature network id is refused). */
export async function loadClipNetwork(id: string, options: LoadEvalNetOptions = {}): Promise<ClipNetwork> {
  const net = await loadEvalNet(id, options);
  if (!(net instanceof ClipNetwork)) {
    net.dispose();
    throw new FileFormatError(
      id,
      'is a feature network, not a mini-CLIP',
      'use loadFeatureNetwork, or a *-clip id',
    );
  }
  return net;
}
