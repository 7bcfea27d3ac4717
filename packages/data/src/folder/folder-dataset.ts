/**
 * A folder of PNG/JPEG images with captions: `captions.jsonl` holds one `{"file": ..., "caption": ...}`
 * object per line (file relative to the folder; blank lines ignored; a file may appear on several lines).
 * Every image is decoded, checked and resized once, when the dataset is built, with `resizeImage` (exact
 * area averaging, the same code path used for generated images in evaluation), so bad input fails early
 * with the file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type DataSample,
  type Dataset,
  FileFormatError,
  type ImageShape,
  parseConfig,
} from '@flopmatch/core';
import { z } from 'zod';
import { checkIndex } from '../dataset/check-index.js';
import { convertChannels, type FloatImage, toFloatImage } from '../image/image-types.js';
import { readImage } from '../image/read-image.js';
import { resizeImage } from '../image/resize.js';

/** The zod schema of the `folder` config. */
export const FolderConfigSchema = z.strictObject({
  type: z.literal('folder').default('folder'),
  version: z.literal(1).default(1),
  /** The folder holding the images and the captions file (required). */
  dir: z.string().min(1),
  /** Captions file inside `dir`. Default `captions.jsonl`. */
  captions: z.string().min(1).default('captions.jsonl'),
  /** Output height in pixels (images are resized with the area filter). Default 32. */
  height: z.number().int().min(1).max(4096).default(32),
  /** Output width in pixels. Default 32. */
  width: z.number().int().min(1).max(4096).default(32),
  /**
   * 3 (RGB) or 1 (grey). An image must already have this many colour channels; a fully opaque alpha
   * channel is dropped, any other alpha is an error. Default 3.
   */
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
});
/** Input of the `folder` config (`dir` required). */
export type FolderConfigInput = z.input<typeof FolderConfigSchema>;
/** A validated `folder` config. */
export type FolderConfig = Readonly<z.output<typeof FolderConfigSchema>>;

/** `meta` of a folder sample: where it came from. */
export interface FolderMeta {
  /** The image file as written in the captions file. */
  file: string;
  /** 1-based line of the captions file. */
  line: number;
}

const LINE_FIX = 'write one JSON object per line: {"file": "cat.png", "caption": "a cat"}';

/**
 * @example
 * const ds = new FolderDataset({ dir: 'my-images', height: 64, width: 64 });
 * ds.get(0).caption;
 */
export class FolderDataset implements Dataset {
  readonly specVersion = 'v1' as const;
  readonly id = 'dataset:folder';
  readonly config: FolderConfig;
  readonly imageShape: ImageShape;
  readonly size: number;
  private readonly items: { image: Float32Array; caption: string; meta: FolderMeta }[] = [];

  constructor(input: FolderConfigInput) {
    this.config = parseConfig(FolderConfigSchema, input, 'folder dataset config');
    const { dir, height, width, channels } = this.config;
    this.imageShape = Object.freeze({ height, width, channels });
    const captionsPath = join(dir, this.config.captions);
    if (!existsSync(captionsPath)) {
      throw new FileFormatError(captionsPath, 'captions file not found', `create it; ${LINE_FIX}`);
    }
    const lines = readFileSync(captionsPath, 'utf8').split(/\r?\n/);
    const decoded = new Map<string, Float32Array>();
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const line = i + 1;
      const where = `${captionsPath}:${line}`;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (error) {
        throw new FileFormatError(where, `malformed JSON (${(error as Error).message})`, LINE_FIX);
      }
      const { file, caption } = (entry ?? {}) as { file?: unknown; caption?: unknown };
      if (typeof file !== 'string' || file === '')
        throw new FileFormatError(where, "missing string field 'file'", LINE_FIX);
      if (typeof caption !== 'string')
        throw new FileFormatError(where, "missing string field 'caption'", LINE_FIX);
      const path = isAbsolute(file) ? file : resolve(dir, file);
      if (!existsSync(path)) {
        throw new FileFormatError(
          where,
          `image '${file}' does not exist (looked for ${path})`,
          'fix the file name or add the image',
        );
      }
      let image = decoded.get(path);
      if (!image) {
        image = this.load(path, where);
        decoded.set(path, image);
      }
      this.items.push({ image, caption, meta: { file, line } });
    });
    if (this.items.length === 0)
      throw new FileFormatError(captionsPath, 'no captions (the file is empty)', LINE_FIX);
    this.size = this.items.length;
  }

  private load(path: string, where: string): Float32Array {
    let raw: ReturnType<typeof readImage>;
    try {
      raw = readImage(path);
    } catch (error) {
      const e = error as FileFormatError;
      throw new FileFormatError(
        path,
        `${e.message.split('\n')[0]!.replace(`${path}: `, '')} (listed at ${where})`,
        e.fix,
      );
    }
    const want = this.config.channels;
    const colour = raw.channels >= 3 ? 3 : 1;
    const hasAlpha = raw.channels === 2 || raw.channels === 4;
    if (colour !== want) {
      throw new FileFormatError(
        path,
        `has ${raw.channels} channel(s) (${colour === 3 ? 'colour' : 'grey'}), the config asks for ${want} (listed at ${where})`,
        want === 3
          ? 'convert the image to RGB, or set channels: 1'
          : 'convert the image to greyscale, or set channels: 3',
      );
    }
    if (hasAlpha) {
      for (let p = raw.channels - 1; p < raw.data.length; p += raw.channels) {
        if (raw.data[p] !== 255) {
          throw new FileFormatError(
            path,
            `has transparent pixels (alpha ${raw.data[p]}) (listed at ${where})`,
            'flatten the image onto a background',
          );
        }
      }
    }
    const float: FloatImage = toFloatImage(convertChannels(raw, want));
    return resizeImage(float, { width: this.config.width, height: this.config.height }).data;
  }

  get(index: number): DataSample & { meta: FolderMeta } {
    checkIndex(this.id, index, this.size);
    const item = this.items[index]!;
    return { image: item.image.slice(), caption: item.caption, meta: { ...item.meta } };
  }
}
