/**
 * Finds the objects of a `shapes`-style image: palette segmentation → connected components → shape by
 * moments and template overlap → size from the fitted radius → grid cell from the fitted centre.
 */
import { type ColourName, GRID_SIZE, SHAPE_AREA, type ShapeName, type SizeName } from '@flopmatch/data';
import { MetricInputError } from '../errors.js';
import type { PromptCheckerConfig } from './checker-config.js';
import { classifyShape } from './classify-shape.js';
import { connectedComponents } from './connected-components.js';
import { type RgbImage, segmentColours } from './segment-colours.js';

/** One object found in an image. */
export interface DetectedObject {
  shape: ShapeName;
  colour: ColourName;
  size: SizeName;
  /** Grid cell of the fitted centre (row 0 = top, col 0 = left, 3 × 3 grid). */
  row: number;
  col: number;
  /** Fitted centre in continuous pixel coordinates. */
  centre: { x: number; y: number };
  /** Fitted radius (half-extent) in pixels. */
  radius: number;
  /** Soft area Σ coverage in pixels. */
  area: number;
  /** Soft IoU of the shape fit (1 = the rendered shape exactly). */
  score: number;
  /** The second-best shape and its IoU, for diagnosing near-ties. */
  runnerUp?: { shape: ShapeName; score: number };
}

/**
 * Detects the objects of an RGB image (floats in [-1, 1] or bytes) under `config`.
 *
 * @example
 * const objects = detectObjects({ width: 32, height: 32, channels: 3, data: sample.image }, parsePromptCheckerConfig());
 * // [{ shape: 'circle', colour: 'red', size: 'small', row: 0, col: 0, … }]
 */
export function detectObjects(image: RgbImage, config: PromptCheckerConfig): DetectedObject[] {
  const { width, height } = image;
  if (image.channels !== 3 || image.data.length !== width * height * 3) {
    throw new MetricInputError(
      `prompt checker: expected an RGB image of ${width}×${height}×3 = ${width * height * 3} values, got ${image.channels} channels and ${image.data.length} values`,
      'pass HWC RGB pixels (floats in [-1, 1] or bytes)',
    );
  }
  const seg = segmentColours(image, config.colours, config.fringeFloor);
  const cellWidth = width / GRID_SIZE;
  const cellHeight = height / GRID_SIZE;
  const cell = Math.min(cellWidth, cellHeight);
  const smallRadius = config.sizes.small * cell;
  const largeRadius = config.sizes.large * cell;
  const sizeBoundary = Math.sqrt(smallRadius * largeRadius); // geometric mean of the two radii
  const smallestArea = Math.min(...config.shapes.map((s) => SHAPE_AREA[s])) * smallRadius * smallRadius;
  const minArea = config.minAreaFraction * smallestArea;
  const objects: DetectedObject[] = [];
  for (const component of connectedComponents(seg, config.coverageThreshold)) {
    if (component.area < minArea) continue;
    const fit = classifyShape(component, seg.coverage, width, height, config.shapes);
    const clampCell = (v: number) => Math.min(GRID_SIZE - 1, Math.max(0, Math.floor(v)));
    objects.push({
      shape: fit.shape,
      colour: seg.colours[component.colour]!,
      size: fit.radius < sizeBoundary ? 'small' : 'large',
      row: clampCell(fit.centre.y / cellHeight),
      col: clampCell(fit.centre.x / cellWidth),
      centre: fit.centre,
      radius: fit.radius,
      area: component.area,
      score: fit.score,
      ...(fit.runnerUp ? { runnerUp: fit.runnerUp } : {}),
    });
  }
  return objects;
}
