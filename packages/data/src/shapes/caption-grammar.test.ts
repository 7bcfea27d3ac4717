import { describe, expect, it } from 'vitest';
import { CaptionParseError, captionFromClauses, parseShapesCaption } from './caption-grammar.js';

describe('shapes caption grammar', () => {
  it('renders the three templates', () => {
    expect(
      captionFromClauses('single', [
        {
          kind: 'object',
          object: 0,
          shape: 'circle',
          colour: 'red',
          size: 'small',
          cell: { row: 0, col: 0 },
        },
      ]),
    ).toBe('a small red circle at the top left');
    expect(
      captionFromClauses('relation', [
        { kind: 'object', object: 0, shape: 'square', colour: 'blue' },
        { kind: 'object', object: 1, shape: 'triangle', colour: 'yellow' },
        { kind: 'relation', relation: 'left of', subject: 0, object: 1 },
      ]),
    ).toBe('a blue square left of a yellow triangle');
    expect(
      captionFromClauses('count', [
        { kind: 'count', count: 2, shape: 'cross', colour: 'green', objects: [0, 1] },
      ]),
    ).toBe('two green crosses');
    expect(
      captionFromClauses('single', [
        { kind: 'object', object: 0, shape: 'ring', colour: 'orange', cell: { row: 1, col: 1 } },
      ]),
    ).toBe('an orange ring at the centre');
  });

  it('parses captions back into clauses', () => {
    expect(parseShapesCaption('a large magenta diamond at the bottom right')).toEqual({
      template: 'single',
      clauses: [
        {
          kind: 'object',
          object: 0,
          shape: 'diamond',
          colour: 'magenta',
          size: 'large',
          cell: { row: 2, col: 2 },
        },
      ],
    });
    expect(parseShapesCaption('a small cyan cross below a large red circle')).toEqual({
      template: 'relation',
      clauses: [
        { kind: 'object', object: 0, shape: 'cross', colour: 'cyan', size: 'small' },
        { kind: 'object', object: 1, shape: 'circle', colour: 'red', size: 'large' },
        { kind: 'relation', relation: 'below', subject: 0, object: 1 },
      ],
    });
    expect(parseShapesCaption('three yellow squares')).toEqual({
      template: 'count',
      clauses: [{ kind: 'count', count: 3, shape: 'square', colour: 'yellow', objects: [0, 1, 2] }],
    });
    expect(parseShapesCaption('a red circle at the top').clauses[0]).toMatchObject({
      cell: { row: 0, col: 1 },
    });
  });

  it('rejects text outside the grammar, saying where and what was expected', () => {
    expect(() => parseShapesCaption('a purple circle')).toThrow(CaptionParseError);
    expect(() => parseShapesCaption('a purple circle')).toThrow(
      /expected a colour .* at word 2, found 'purple'/,
    );
    expect(() => parseShapesCaption('a red circle near a blue square')).toThrow(/expected a relation/);
    expect(() => parseShapesCaption('four red circles')).toThrow(/'a' or 'an'/);
    expect(() => parseShapesCaption('two red circle')).toThrow(/plural shape/);
    expect(() => parseShapesCaption('an red circle')).toThrow(/'a' before 'red'/);
    expect(() => parseShapesCaption('a red circle at the middle')).toThrow(/expected a position/);
    expect(() => parseShapesCaption('a red circle left of')).toThrow(/found the end of the caption/);
  });
});
