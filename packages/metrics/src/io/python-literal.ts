/**
 * A parser for the small subset of Python literals that NumPy writes in `.npy` headers: dicts, tuples,
 * lists, strings, integers, True/False/None. Never evaluates anything.
 */

/** A parsed Python literal. Tuples and lists both become arrays. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Thrown with a position when the text is not a supported literal; callers wrap it with the file path. */
export class PythonLiteralError extends Error {}

/** Parses `text` as one Python literal (surrounding whitespace allowed). */
export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new PythonLiteralError(`${what} at character ${pos} of ${JSON.stringify(text.slice(0, 80))}`);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const value = (): PyValue => {
    skip();
    const c = text[pos];
    if (c === '{') return dict();
    if (c === '(') return sequence('(', ')');
    if (c === '[') return sequence('[', ']');
    if (c === "'" || c === '"') return string();
    if (c !== undefined && /[-+0-9]/.test(c)) return integer();
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    return fail('unexpected token');
  };
  const string = (): string => {
    const quote = text[pos++]!;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') fail('escape sequences are not supported');
      out += text[pos++];
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };
  const integer = (): number => {
    const m = /^[-+]?[0-9]+L?/.exec(text.slice(pos));
    if (!m) return fail('bad number');
    pos += m[0].length;
    if (/^[.eE]/.test(text.slice(pos))) fail('only integers are supported');
    return Number.parseInt(m[0], 10);
  };
  const sequence = (open: string, close: string): PyValue[] => {
    pos++; // open
    const out: PyValue[] = [];
    for (;;) {
      skip();
      if (text[pos] === close) {
        pos++;
        return out;
      }
      out.push(value());
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}' after an item of '${open}'`);
    }
  };
  const dict = (): { [key: string]: PyValue } => {
    pos++; // {
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      skip();
      if (text[pos] === '}') {
        pos++;
        return out;
      }
      const key = value();
      if (typeof key !== 'string') fail('dict keys must be strings');
      skip();
      if (text[pos] !== ':') fail("expected ':'");
      pos++;
      out[key as string] = value();
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail("expected ',' or '}'");
    }
  };
  const result = value();
  skip();
  if (pos !== text.length) fail('trailing characters');
  return result;
}
