/**
 * Renders `shapes` objects on a black background, anti-aliased by supersampling: each pixel is split into
 * `supersample × supersample` equal sub-squares and sampled at their centres; an object's coverage of the
 * pixel is the fraction of those points inside the shape (exact for that sample pattern, a multiple of
 * 1 / supersample²). Colours are composited with "over": value = (1 − coverage) · below + coverage · colour.
 */
import { insideShape } from './shape-geometry.js';
import { COLOUR_PALETTE, type ColourName, type ShapeName } from './vocabulary.js';

/** What the renderer needs of an object (a `SceneObject` qualifies). */
export interface RenderableObject {
  shape: ShapeName;
  /** A palette name or an explicit sRGB triple in 0..255. */
  colour: ColourName | readonly [number, number, number];
  /** Centre in continuous pixel coordinates (pixel (x, y) covers [x, x + 1) × [y, y + 1)). */
  centre: { x: number; y: number };
  /** Half-extent in pixels. */
  radius: number;
}

/** Options of `renderScene`. */
export interface RenderSceneOptions {
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Samples per pixel along each axis (total supersample²). Default 4 (16 samples per pixel). */
  supersample?: number;
}

/**
 * Coverage of one object per pixel: a `height × width` array of fractions in [0, 1].
 *
 * @example
 * const cov = objectCoverage({ shape: 'square', colour: 'red', centre: { x: 4, y: 4 }, radius: 2 }, { width: 8, height: 8 });
 * cov[4 * 8 + 4]; // 1
 */
export function objectCoverage(object: RenderableObject, options: RenderSceneOptions): Float32Array {
  const { width, height } = options;
  const ss = options.supersample ?? 4;
  const out = new Float32Array(width * height);
  const { x: cx, y: cy } = object.centre;
  const r = object.radius;
  if (!(r > 0)) return out;
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(width - 1, Math.floor(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(height - 1, Math.floor(cy + r));
  const inv = 1 / (ss * ss);
  const step = 1 / ss;
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++) {
        const v = (py + (sy + 0.5) * step - cy) / r;
        for (let sx = 0; sx < ss; sx++) {
          const u = (px + (sx + 0.5) * step - cx) / r;
          if (insideShape(object.shape, u, v)) hits++;
        }
      }
      out[py * width + px] = hits * inv;
    }
  }
  return out;
}

/** The sRGB triple of a palette name or an explicit triple. */
export function colourValue(
  colour: ColourName | readonly [number, number, number],
): readonly [number, number, number] {
  return typeof colour === 'string' ? COLOUR_PALETTE[colour] : colour;
}

/**
 * Renders objects into an HWC RGB float image in [-1, 1] (background black = −1; sRGB value c maps to
 * c / 127.5 − 1, as everywhere in flopmatch). Objects are drawn in order.
 *
 * @example
 * const image = renderScene(scene.objects, { width: 32, height: 32 }); // Float32Array(32 * 32 * 3)
 */
export function renderScene(objects: readonly RenderableObject[], options: RenderSceneOptions): Float32Array {
  const { width, height } = options;
  const image = new Float32Array(width * height * 3).fill(-1);
  for (const object of objects) {
    const rgb = colourValue(object.colour);
    const target = [rgb[0] / 127.5 - 1, rgb[1] / 127.5 - 1, rgb[2] / 127.5 - 1] as const;
    const coverage = objectCoverage(object, options);
    for (let p = 0; p < coverage.length; p++) {
      const a = coverage[p]!;
      if (a === 0) continue;
      for (let ch = 0; ch < 3; ch++) {
        const i = p * 3 + ch;
        image[i] = (1 - a) * image[i]! + a * target[ch]!;
      }
    }
  }
  return image;
}
