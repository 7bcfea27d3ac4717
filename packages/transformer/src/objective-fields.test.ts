import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BACKBONE_FIELDS,
  refineBackboneField,
  TOKEN_GRID_FIELDS,
  TOKEN_HEAD_FIELDS,
} from './objective-fields.js';

const schema = z
  .strictObject({ ...BACKBONE_FIELDS, ...TOKEN_GRID_FIELDS, ...TOKEN_HEAD_FIELDS })
  .superRefine(refineBackboneField);
const valid = {
  backbone: { layers: 2, width: 32, heads: 2 },
  grid: { height: 2, width: 3 },
  codebookSize: 8,
};

describe('objective config fragments', () => {
  it('fill the defaults in field order', () => {
    const parsed = schema.parse(valid);
    expect(Object.keys(parsed)).toEqual(['backbone', 'grid', 'codebookSize', 'labelSmoothing', 'headBias']);
    expect(parsed).toMatchObject({ labelSmoothing: 0, headBias: false, backbone: { mlpRatio: 4 } });
  });

  it('name the backbone field whose cross-check fails, and bad token fields', () => {
    const heads = schema.safeParse({ ...valid, backbone: { layers: 2, width: 32, heads: 3 } });
    expect(heads.success).toBe(false);
    expect(heads.error?.issues[0]?.path).toEqual(['backbone', 'heads']);
    expect(schema.safeParse({ ...valid, labelSmoothing: 1 }).success).toBe(false);
    expect(schema.safeParse({ ...valid, codebookSize: 0 }).success).toBe(false);
    expect(schema.safeParse({ ...valid, grid: { height: 2, width: 3, depth: 1 } }).success).toBe(false);
  });
});
