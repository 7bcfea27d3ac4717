/**
 * A sample grid on disk: `<name>.png` (images tiled row-major, `@flopmatch/data`'s `writeImageGrid`) and
 * its prompts sidecar `<name>.prompts.json`, a JSON array of strings, one per grid cell in the same
 * row-major order. The eval unit and `flopmatch sample` write both with `writeSampleGrid`; the report
 * reads the sidecar with `readGridPrompts`. (The results schema v1 has no field for the prompts.)
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '@flopmatch/core';
import { type GridInput, writeImageGrid } from '@flopmatch/data';
import { z } from 'zod';

const PromptsSchema = z.array(z.string());

/** Sidecar path of a grid PNG: `units/a/grid.png` → `units/a/grid.prompts.json`. */
export function promptsSidecar(gridPath: string): string {
  return `${gridPath.replace(/\.png$/i, '')}.prompts.json`;
}

/** Options of `writeSampleGrid`. */
export interface SampleGridOptions {
  /** Images per row. Default ceil(√n), as `writeImageGrid` (a square-ish grid). */
  columns?: number;
}

/** What `writeSampleGrid` wrote. */
export interface WrittenSampleGrid {
  /** The PNG's path. */
  grid: string;
  /** The prompts sidecar's path. */
  prompts: string;
  /** The PNG's pixel size. */
  width: number;
  height: number;
}

function cellCount(images: GridInput): number {
  return Array.isArray(images) ? images.length : (images as { shape: readonly number[] }).shape[0]!;
}

/**
 * Writes `images` as the grid PNG at `path` and `prompts` (prompt i generated image i) as its sidecar,
 * each atomically (a reader sees the old file or the whole new one). Throws when the counts differ.
 *
 * @example
 * await writeSampleGrid('units/eval.flow.s0/grid.png', cells, ['a red circle', 'two blue squares']);
 */
export async function writeSampleGrid(
  path: string,
  images: GridInput,
  prompts: readonly string[],
  options: SampleGridOptions = {},
): Promise<WrittenSampleGrid> {
  const n = cellCount(images);
  if (n !== prompts.length)
    throw new RangeError(
      `writeSampleGrid(${path}): ${n} images but ${prompts.length} prompts; pass one prompt per grid cell`,
    );
  const size = writeImageGrid(
    path,
    images,
    options.columns === undefined ? {} : { columns: options.columns },
  );
  const sidecar = promptsSidecar(path);
  await writeJsonAtomic(sidecar, prompts);
  return { grid: path, prompts: sidecar, ...size };
}

/** The prompts of a grid, or why its sidecar was ignored; both undefined when there is no sidecar. */
export async function readGridPrompts(gridPath: string): Promise<{ prompts?: string[]; problem?: string }> {
  const sidecar = promptsSidecar(gridPath);
  const text = await readFile(sidecar, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `${sidecar}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = PromptsSchema.safeParse(json);
  return parsed.success ? { prompts: parsed.data } : { problem: `${sidecar}: not a JSON array of strings` };
}
