/**
 * Finds the sample grid that stands for each (objective, budget) and resolves it for the page: a path
 * relative to the report folder (or a data URI when embedding), whether the file exists, and its prompts.
 *
 * Prompts come from the sidecar beside the grid, `<grid>.prompts.json` (format in `store/sample-grid.ts`).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readGridPrompts } from '../store/sample-grid.js';
import type { ObjectiveName } from '../store/schema.js';
import { OBJECTIVES } from './objective-style.js';
import type { EvalResult } from './report-data.js';
import type { ReportModel } from './report-model.js';

/** One grid as the page shows it. */
export interface GridEntry {
  objective: ObjectiveName;
  budgetFlops: number;
  eval: EvalResult;
  /** Path inside the run directory, as recorded. */
  path: string;
  /** `src` for the `<img>`: relative to the report folder, or a `data:image/png;base64,…` URI. Undefined when the file is missing. */
  src: string | undefined;
  /** The cell prompts, or undefined when no sidecar was found. */
  prompts: string[] | undefined;
  /** Why the sidecar was ignored, when it exists but is invalid. */
  promptsProblem?: string;
}

function chooseEval(model: ReportModel, o: ObjectiveName, budget: number): EvalResult | undefined {
  const cell = model.frontier.get(o)?.find((c) => c.budgetFlops === budget);
  const candidates = model.primary
    .filter((e) => e.objective === o && e.milestone.budgetFlops === budget && e.grid)
    .sort((a, b) => a.seed - b.seed);
  return candidates.find((e) => e.size === cell?.size && e.codec === cell?.codec) ?? candidates[0];
}

/** Resolves every (objective, budget) grid of the run for a report written into `outDir`. */
export async function collectGrids(model: ReportModel, outDir: string, embed: boolean): Promise<GridEntry[]> {
  const out: GridEntry[] = [];
  for (const o of OBJECTIVES) {
    const budgets = [
      ...new Set(model.primary.filter((e) => e.objective === o).map((e) => e.milestone.budgetFlops)),
    ].sort((a, b) => a - b);
    for (const budget of budgets) {
      const e = chooseEval(model, o, budget);
      if (!e?.grid) continue;
      const file = join(model.runDir, e.grid);
      const found = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      let src: string | undefined;
      if (found)
        src = embed
          ? `data:image/png;base64,${(await readFile(file)).toString('base64')}`
          : relative(outDir, file).split(sep).map(encodeURIComponent).join('/');
      const { prompts, problem: promptsProblem } = await readGridPrompts(file);
      out.push({
        objective: o,
        budgetFlops: budget,
        eval: e,
        path: e.grid,
        src,
        prompts,
        ...(promptsProblem ? { promptsProblem } : {}),
      });
    }
  }
  return out;
}
