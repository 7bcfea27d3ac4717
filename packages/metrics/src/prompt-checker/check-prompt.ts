/**
 * Exact, GenEval-style prompt following on `shapes`: every assertion of a prompt (its caption clauses) is
 * checked against the objects found in the image.
 *
 * Method after Ghosh, Hajishirzi & Schmidt, "GenEval: An Object-Focused Framework for Evaluating
 * Text-to-Image Alignment", arXiv:2310.11513, §3 (object presence, colour, count, position checked per
 * prompt), with a rule-based detector instead of a learned one: the `shapes` world is rendered from
 * known geometry and palette, so detection on renders is exact.
 *
 * Checks per clause (each listed only where the clause asserts it):
 * - object clause: `present` (an object of that shape), `colour` (that shape in that colour), `size`
 *   (… and that size), `position` (… in that grid cell);
 * - relation clause: `relation` (an object matching the subject's description and a different one matching
 *   the object's stand in that relation, decided by grid cells with `relationHolds`);
 * - count clause: `count` (exactly `count` objects of that shape and colour, and nothing else drawn).
 * A clause passes when all its checks pass; a prompt is correct when all its clauses pass.
 */
import {
  type CaptionClause,
  type CaptionTemplate,
  parseShapesCaption,
  relationHolds,
  type SceneGraph,
} from '@flopmatch/data';
import { MetricInputError } from '../errors.js';
import {
  type PromptCheckerConfig,
  type PromptCheckerOptions,
  parsePromptCheckerConfig,
} from './checker-config.js';
import { type DetectedObject, detectObjects } from './detect-objects.js';
import type { RgbImage } from './segment-colours.js';

/** The checks a clause can make. */
export type CheckName = 'present' | 'colour' | 'size' | 'position' | 'relation' | 'count';

/** The outcome of one caption clause. */
export interface ClauseResult {
  clause: CaptionClause;
  /** Each check the clause asserts → whether it passed. */
  checks: Partial<Record<CheckName, boolean>>;
  pass: boolean;
}

/** The outcome of one prompt on one image. */
export interface PromptResult {
  caption: string;
  template: CaptionTemplate;
  clauses: ClauseResult[];
  /** All clauses pass. */
  correct: boolean;
  /** What the detector found. */
  objects: DetectedObject[];
}

type ObjectClause = Extract<CaptionClause, { kind: 'object' }>;

/** The prompt to check: a scene graph (its clauses are used; nothing else of it) or a caption to parse. */
export type PromptSpec = SceneGraph | string;

function clausesOf(prompt: PromptSpec): {
  caption: string;
  template: CaptionTemplate;
  clauses: CaptionClause[];
} {
  if (typeof prompt === 'string') return { caption: prompt, ...parseShapesCaption(prompt) };
  if (prompt.version !== 1) {
    throw new MetricInputError(
      `prompt checker: scene graph version ${String(prompt.version)} is not supported (this checker reads version 1)`,
      'upgrade @flopmatch/metrics to a version that knows this scene graph format',
    );
  }
  return { caption: prompt.caption, template: prompt.template, clauses: prompt.clauses };
}

/** Objects matching an object clause's shape, colour and (if asserted) size. */
function matching(objects: DetectedObject[], c: ObjectClause, withSize = true): DetectedObject[] {
  return objects.filter(
    (o) =>
      o.shape === c.shape &&
      o.colour === c.colour &&
      (!withSize || c.size === undefined || o.size === c.size),
  );
}

/** Scores caption clauses against detected objects (no image needed: the detector's output suffices). */
export function scoreClauses(clauses: readonly CaptionClause[], objects: DetectedObject[]): ClauseResult[] {
  const objectClauses = new Map<number, ObjectClause>();
  for (const c of clauses) if (c.kind === 'object') objectClauses.set(c.object, c);
  return clauses.map((clause) => {
    const checks: Partial<Record<CheckName, boolean>> = {};
    if (clause.kind === 'object') {
      checks.present = objects.some((o) => o.shape === clause.shape);
      checks.colour = matching(objects, clause, false).length > 0;
      if (clause.size !== undefined) checks.size = matching(objects, clause).length > 0;
      if (clause.cell !== undefined) {
        const { row, col } = clause.cell;
        checks.position = matching(objects, clause).some((o) => o.row === row && o.col === col);
      }
    } else if (clause.kind === 'relation') {
      const subject = objectClauses.get(clause.subject);
      const object = objectClauses.get(clause.object);
      if (!subject || !object) {
        throw new MetricInputError(
          `prompt checker: relation clause refers to objects ${clause.subject} and ${clause.object}, which have no object clauses`,
        );
      }
      const subjects = matching(objects, subject);
      const others = matching(objects, object);
      checks.relation = subjects.some((s) =>
        others.some((o) => o !== s && relationHolds(clause.relation, s, o)),
      );
    } else {
      const counted = objects.filter((o) => o.shape === clause.shape && o.colour === clause.colour).length;
      checks.count = counted === clause.count && objects.length === clause.count;
    }
    return { clause, checks, pass: Object.values(checks).every(Boolean) };
  });
}

/**
 * Checks one image against one prompt.
 *
 * @example
 * const sample = new ShapesDataset({ split: 'test' }).get(0);
 * const r = checkPrompt({ width: 32, height: 32, channels: 3, data: generated }, sample.meta);
 * r.correct; // true when every clause of the caption holds in the image
 */
export function checkPrompt(
  image: RgbImage,
  prompt: PromptSpec,
  options: PromptCheckerOptions | PromptCheckerConfig = {},
): PromptResult {
  const config = parsePromptCheckerConfig(options);
  const { caption, template, clauses } = clausesOf(prompt);
  const objects = detectObjects(image, config);
  const results = scoreClauses(clauses, objects);
  return { caption, template, clauses: results, correct: results.every((r) => r.pass), objects };
}
