/**
 * The caption grammar of the `shapes` dataset, both directions:
 *
 *   caption  := count | object | object relation object
 *   object   := article [size] colour shape [ "at the" position ]
 *   count    := number colour plural-shape
 *   article  := "a" | "an"        ("an" before a vowel: "an orange circle")
 *
 * `captionFromClauses` renders clauses to text; `parseShapesCaption` turns any caption of the grammar back
 * into the same clauses (object indices = order of mention), so prompts can be checked by rule.
 */
import { FlopmatchError } from '@flopmatch/core';
import type { CaptionClause, CaptionTemplate, Cell } from './scene-graph.js';
import {
  COLOUR_NAMES,
  type ColourName,
  NUMBER_WORDS,
  POSITION_NAMES,
  RELATIONS,
  type Relation,
  SHAPE_NAMES,
  SHAPE_PLURALS,
  type ShapeName,
  SIZE_NAMES,
  type SizeName,
} from './vocabulary.js';

type ObjectClause = Extract<CaptionClause, { kind: 'object' }>;

/** A caption is not in the `shapes` grammar; the message shows where parsing stopped. */
export class CaptionParseError extends FlopmatchError {
  readonly caption: string;
  constructor(caption: string, problem: string) {
    super(
      'E_CAPTION_PARSE',
      `cannot parse shapes caption "${caption}": ${problem}`,
      'write captions like "a small red circle at the top left", "a blue square left of a yellow triangle" or "two green crosses"',
    );
    this.caption = caption;
  }
}

function article(nextWord: string): string {
  return /^[aeiou]/.test(nextWord) ? 'an' : 'a';
}

function objectPhrase(c: ObjectClause): string {
  const words = [...(c.size ? [c.size] : []), c.colour, c.shape];
  const position = c.cell ? ` at the ${POSITION_NAMES[c.cell.row]![c.cell.col]}` : '';
  return `${article(words[0]!)} ${words.join(' ')}${position}`;
}

/**
 * Renders the clauses of one scene as its caption.
 *
 * @example
 * captionFromClauses('count', [{ kind: 'count', count: 2, shape: 'cross', colour: 'green', objects: [0, 1] }]);
 * // 'two green crosses'
 */
export function captionFromClauses(template: CaptionTemplate, clauses: readonly CaptionClause[]): string {
  const objects = clauses.filter((c): c is ObjectClause => c.kind === 'object');
  if (template === 'count') {
    const c = clauses[0];
    if (clauses.length !== 1 || c?.kind !== 'count')
      throw new Error('a count caption has exactly one count clause');
    const word = NUMBER_WORDS[c.count];
    if (!word) throw new Error(`no number word for count ${c.count}`);
    return `${word} ${c.colour} ${SHAPE_PLURALS[c.shape]}`;
  }
  if (template === 'single') {
    if (objects.length !== 1 || clauses.length !== 1)
      throw new Error('a single caption has one object clause');
    return objectPhrase(objects[0]!);
  }
  const relation = clauses.find((c) => c.kind === 'relation');
  if (objects.length !== 2 || relation?.kind !== 'relation') {
    throw new Error('a relation caption has two object clauses and one relation clause');
  }
  const subject = objects.find((o) => o.object === relation.subject)!;
  const object = objects.find((o) => o.object === relation.object)!;
  return `${objectPhrase(subject)} ${relation.relation} ${objectPhrase(object)}`;
}

/** A parsed caption: its template and clauses (object indices in order of mention). */
export interface ParsedCaption {
  template: CaptionTemplate;
  clauses: CaptionClause[];
}

const POSITION_CELLS = new Map<string, Cell>();
POSITION_NAMES.forEach((row, r) => {
  row.forEach((name, c) => {
    POSITION_CELLS.set(name, { row: r, col: c });
  });
});
const PLURAL_SHAPES = new Map(
  Object.entries(SHAPE_PLURALS).map(([shape, plural]) => [plural, shape as ShapeName]),
);
const NUMBER_VALUES = new Map(Object.entries(NUMBER_WORDS).map(([n, word]) => [word, Number(n)]));

/**
 * Parses a caption of the `shapes` grammar into clauses; throws `CaptionParseError` otherwise. The result
 * equals the `clauses` of the scene graph the caption was generated from.
 *
 * @example
 * parseShapesCaption('a blue square left of a yellow triangle').clauses;
 * // [{ kind: 'object', object: 0, shape: 'square', colour: 'blue' }, { kind: 'object', object: 1, … },
 * //  { kind: 'relation', relation: 'left of', subject: 0, object: 1 }]
 */
export function parseShapesCaption(caption: string): ParsedCaption {
  const words = caption.trim().split(/\s+/);
  let at = 0;
  const fail = (expected: string): never => {
    const found = at < words.length ? `'${words[at]}'` : 'the end of the caption';
    throw new CaptionParseError(caption, `expected ${expected} at word ${at + 1}, found ${found}`);
  };
  const peek = () => words[at];

  const count = NUMBER_VALUES.get(peek() ?? '');
  if (count !== undefined) {
    at++;
    const colour = peek() as ColourName;
    if (!COLOUR_NAMES.includes(colour)) fail(`a colour (${COLOUR_NAMES.join(', ')})`);
    at++;
    const shape = PLURAL_SHAPES.get(peek() ?? '');
    if (!shape) fail(`a plural shape (${[...PLURAL_SHAPES.keys()].join(', ')})`);
    at++;
    if (at !== words.length) fail('the end of the caption');
    const objects = Array.from({ length: count }, (_, i) => i);
    return { template: 'count', clauses: [{ kind: 'count', count, shape: shape!, colour, objects }] };
  }

  const parseObject = (index: number): ObjectClause => {
    const art = peek();
    if (art !== 'a' && art !== 'an') fail("'a' or 'an'");
    at++;
    const first = peek() ?? '';
    if (art !== article(first)) fail(`'${article(first)}' before '${first}'`);
    let size: SizeName | undefined;
    if ((SIZE_NAMES as readonly string[]).includes(first)) {
      size = first as SizeName;
      at++;
    }
    const colour = peek() as ColourName;
    if (!COLOUR_NAMES.includes(colour)) fail(`a colour (${COLOUR_NAMES.join(', ')})`);
    at++;
    const shape = peek() as ShapeName;
    if (!(SHAPE_NAMES as readonly string[]).includes(shape)) fail(`a shape (${SHAPE_NAMES.join(', ')})`);
    at++;
    const clause: ObjectClause = { kind: 'object', object: index, shape, colour };
    if (size) clause.size = size;
    if (peek() === 'at') {
      at++;
      if (peek() !== 'the') fail("'the'");
      at++;
      // Position phrases are one or two words; prefer the longer match.
      const two = `${words[at] ?? ''} ${words[at + 1] ?? ''}`;
      const cell = POSITION_CELLS.get(two) ?? POSITION_CELLS.get(words[at] ?? '');
      if (!cell) fail(`a position (${[...POSITION_CELLS.keys()].join(', ')})`);
      at += POSITION_CELLS.has(two) ? 2 : 1;
      clause.cell = { ...cell! };
    }
    return clause;
  };

  const first = parseObject(0);
  if (at === words.length) return { template: 'single', clauses: [first] };
  const one = peek() ?? '';
  const two = `${one} ${words[at + 1] ?? ''}`;
  const relation = (RELATIONS as readonly string[]).includes(two)
    ? (two as Relation)
    : (RELATIONS as readonly string[]).includes(one)
      ? (one as Relation)
      : fail(`a relation (${RELATIONS.join(', ')}) or the end of the caption`);
  at += relation.split(' ').length;
  const second = parseObject(1);
  if (at !== words.length) fail('the end of the caption');
  return {
    template: 'relation',
    clauses: [first, second, { kind: 'relation', relation, subject: 0, object: 1 }],
  };
}
