/**
 * Config of the exact prompt checker for the `shapes` dataset: frozen, serialisable, versioned. Defaults
 * follow `@flopmatch/data`'s shapes world (palette, shape set, object sizes), so a default checker reads
 * any default `shapes` render.
 */
import { parseConfig } from '@flopmatch/core';
import { COLOUR_NAMES, type ColourName, parseShapesConfig, SHAPE_NAMES } from '@flopmatch/data';
import { z } from 'zod';

const WORLD_DEFAULTS = parseShapesConfig({});

/** The zod schema of `PromptCheckerConfig`. */
export const PromptCheckerConfigSchema = z
  .strictObject({
    /** Component type, saved with the config. */
    type: z.literal('metric:shapes-prompt-checker').default('metric:shapes-prompt-checker'),
    /** Config version; results may change only with it. */
    version: z.literal(1).default(1),
    /**
     * Shapes a detected object may be classified as. Default every shape the renderer knows, so a generated
     * diamond is never forced into "square" when only squares were trained.
     */
    shapes: z
      .array(z.enum(SHAPE_NAMES))
      .min(1)
      .default([...SHAPE_NAMES]),
    /** Palette colours a pixel may be classified as. Default the whole `COLOUR_PALETTE`. */
    colours: z
      .array(z.enum(COLOUR_NAMES as [ColourName, ...ColourName[]]))
      .min(1)
      .default([...COLOUR_NAMES]),
    /**
     * Half-extent of small and large objects as a fraction of the cell size (image width / 3). Default the
     * `shapes` dataset's (0.24 and 0.4); size is decided at their geometric mean.
     */
    sizes: z
      .strictObject({
        small: z.number().positive().default(WORLD_DEFAULTS.sizes.small),
        large: z.number().positive().default(WORLD_DEFAULTS.sizes.large),
      })
      .prefault({}),
    /**
     * Brightness (max channel / 255, i.e. coverage of a palette colour on black) from which a pixel seeds an
     * object; dimmer edge pixels only add to an object's soft area. Default 0.53: just above half coverage
     * even after byte rounding (8/16 → 128/255 = 0.502), so a pixel is a seed only if its object covers more
     * than half of it — then two objects at least 1 px apart (the `shapes` guarantee) never share or touch a
     * seed pixel, even 8-connected.
     */
    coverageThreshold: z.number().gt(0).lt(1).default(0.53),
    /** Dimmest pixel (max channel / 255) counted in an object's soft coverage. Default 8/255. */
    fringeFloor: z
      .number()
      .min(0)
      .lt(1)
      .default(8 / 255),
    /**
     * Smallest soft area that counts as an object, as a fraction of the smallest object the world draws (a
     * small triangle or diamond, 2·r²). Default 0.3: specks of noise are not objects.
     */
    minAreaFraction: z.number().min(0).default(0.3),
  })
  .superRefine((c, ctx) => {
    if (c.sizes.small >= c.sizes.large) {
      ctx.addIssue({ code: 'custom', path: ['sizes', 'small'], message: 'small must be below large' });
    }
  });

/** A validated, frozen prompt-checker config. */
export type PromptCheckerConfig = z.output<typeof PromptCheckerConfigSchema>;
/** Input of the prompt-checker config (every field optional). */
export type PromptCheckerOptions = z.input<typeof PromptCheckerConfigSchema>;

/** Validates checker options, fills defaults and freezes them. */
export function parsePromptCheckerConfig(options: PromptCheckerOptions = {}): PromptCheckerConfig {
  return parseConfig(PromptCheckerConfigSchema, options, 'prompt checker config');
}
