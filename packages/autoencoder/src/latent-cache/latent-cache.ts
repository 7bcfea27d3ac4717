/**
 * Reading a latent cache: core's `LatentDataset` with random access by index (synchronous positioned reads
 * of one row of `latents.bin` and one line of `samples.jsonl`), so generator training streams from disk and
 * a loader position resumes exactly. Opening validates the manifest and the file sizes, and by default the
 * sha256 of every file; `expectCodec` refuses latents made by another codec.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  FileFormatError,
  type LatentDataset,
  type LatentSample,
  type LatentShape,
  NotFoundError,
  sha256Hex,
} from '@flopmatch/core';
import { CodecMismatchError } from '../errors.js';
import {
  LATENT_CACHE_FILES,
  type LatentCacheManifest,
  LatentCacheManifestSchema,
} from './latent-cache-manifest.js';

/** Options of `LatentCache.open`. */
export interface OpenLatentCacheOptions {
  /** Check every file's sha256 against the manifest (reads each file once). Default true. */
  verify?: boolean;
}

function readManifest(dir: string): LatentCacheManifest {
  const path = join(dir, LATENT_CACHE_FILES.manifest);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        path,
        'latent cache manifest',
        'write the cache with `flopmatch ae encode` (or writeLatentCache) first',
      );
    }
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(path, `not valid JSON (${(error as Error).message})`, 're-encode the cache');
  }
  const parsed = LatentCacheManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new FileFormatError(
      path,
      `not a valid latent cache manifest:\n  - ${issues.join('\n  - ')}`,
      're-encode the cache',
    );
  }
  return parsed.data;
}

/**
 * @example
 * const cache = LatentCache.open('cache/vq-train');
 * cache.expectCodec(codec.weightsSha256);
 * const { latent, caption } = cache.get(0); // Int32Array(64), 'a red circle'
 * cache.close();
 */
export class LatentCache implements LatentDataset {
  readonly specVersion = 'v1' as const;
  readonly kind: 'discrete' | 'continuous';
  readonly latentShape: LatentShape;
  readonly codebookSize?: number;
  readonly size: number;
  readonly codecHash: string;
  readonly manifest: LatentCacheManifest;
  readonly dir: string;
  readonly #rowValues: number;
  readonly #offsets: Float64Array;
  #latentsFd: number | undefined;
  #samplesFd: number | undefined;

  private constructor(dir: string, manifest: LatentCacheManifest, offsets: Float64Array) {
    this.dir = dir;
    this.manifest = manifest;
    this.kind = manifest.kind;
    this.latentShape = Object.freeze({ ...manifest.latentShape });
    if (manifest.codebookSize !== undefined) this.codebookSize = manifest.codebookSize;
    this.size = manifest.size;
    this.codecHash = manifest.codecHash;
    const { height, width, channels } = manifest.latentShape;
    this.#rowValues = manifest.kind === 'discrete' ? height * width : height * width * channels;
    this.#offsets = offsets;
    this.#latentsFd = openSync(join(dir, LATENT_CACHE_FILES.latents), 'r');
    this.#samplesFd = openSync(join(dir, LATENT_CACHE_FILES.samples), 'r');
  }

  /** Opens and validates a cache directory. */
  static open(dir: string, options: OpenLatentCacheOptions = {}): LatentCache {
    const manifest = readManifest(dir);
    const { height, width, channels } = manifest.latentShape;
    const rowBytes = 4 * (manifest.kind === 'discrete' ? height * width : height * width * channels);
    const expectBytes: Record<string, number> = {
      [LATENT_CACHE_FILES.latents]: manifest.size * rowBytes,
      [LATENT_CACHE_FILES.index]: (manifest.size + 1) * 8,
    };
    for (const name of [LATENT_CACHE_FILES.latents, LATENT_CACHE_FILES.samples, LATENT_CACHE_FILES.index]) {
      const path = join(dir, name);
      const entry = manifest.files[name];
      if (!entry)
        throw new FileFormatError(
          join(dir, LATENT_CACHE_FILES.manifest),
          `lists no '${name}'`,
          're-encode the cache',
        );
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new NotFoundError(path, 'latent cache file', 're-encode the cache');
        throw error;
      }
      const bytes = fstatSync(fd).size;
      closeSync(fd);
      const fix = 'the file changed after the cache was written (truncated or replaced); re-encode the cache';
      if (bytes !== entry.bytes)
        throw new FileFormatError(
          path,
          `size mismatch: manifest says ${entry.bytes} bytes, found ${bytes}`,
          fix,
        );
      if (expectBytes[name] !== undefined && bytes !== expectBytes[name]) {
        throw new FileFormatError(
          path,
          `holds ${bytes} bytes, but ${manifest.size} samples need ${expectBytes[name]}`,
          fix,
        );
      }
      if (options.verify ?? true) {
        const sha = sha256Hex(readFileSync(path));
        if (sha !== entry.sha256)
          throw new FileFormatError(
            path,
            `sha256 mismatch: manifest says ${entry.sha256}, found ${sha}`,
            fix,
          );
      }
    }
    const idx = readFileSync(join(dir, LATENT_CACHE_FILES.index));
    const offsets = new Float64Array(idx.buffer.slice(idx.byteOffset, idx.byteOffset + idx.byteLength));
    return new LatentCache(dir, manifest, offsets);
  }

  /** Throws `CodecMismatchError` unless the latents were made by the codec whose weights hash to `hash`. */
  expectCodec(hash: string): void {
    if (hash !== this.codecHash) {
      throw new CodecMismatchError(
        this.dir,
        `latents were encoded by codec ${this.codecHash.slice(0, 12)}…, not ${hash.slice(0, 12)}…`,
        're-encode the dataset with this codec (flopmatch ae encode) or pass the codec that made the cache',
      );
    }
  }

  get(index: number): LatentSample {
    if (this.#latentsFd === undefined || this.#samplesFd === undefined) {
      throw new CodecMismatchError(this.dir, 'the cache is closed', 'open it again with LatentCache.open');
    }
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) {
      throw new RangeError(`${this.dir}: index ${index} is outside [0, ${this.size})`);
    }
    const bytes = this.#rowValues * 4;
    const buf = new Uint8Array(bytes);
    readSync(this.#latentsFd, buf, 0, bytes, index * bytes);
    const latent = this.kind === 'discrete' ? new Int32Array(buf.buffer) : new Float32Array(buf.buffer);
    const begin = this.#offsets[index]!;
    const end = this.#offsets[index + 1]!;
    const line = Buffer.alloc(end - begin);
    readSync(this.#samplesFd, line, 0, end - begin, begin);
    const { caption, meta } = JSON.parse(line.toString('utf8')) as { caption: string; meta: unknown };
    return meta === null ? { latent, caption } : { latent, caption, meta };
  }

  /** Closes the files (further `get` calls throw). */
  close(): void {
    if (this.#latentsFd !== undefined) closeSync(this.#latentsFd);
    if (this.#samplesFd !== undefined) closeSync(this.#samplesFd);
    this.#latentsFd = undefined;
    this.#samplesFd = undefined;
  }
}
