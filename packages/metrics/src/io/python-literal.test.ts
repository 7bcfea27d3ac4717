import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from './python-literal.js';

describe('parsePythonLiteral', () => {
  it('parses the literals NumPy headers use', () => {
    expect(parsePythonLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 3), }   ")).toEqual({
      descr: '<f4',
      fortran_order: false,
      shape: [10, 3],
    });
    expect(parsePythonLiteral('(5,)')).toEqual([5]);
    expect(parsePythonLiteral('()')).toEqual([]);
    expect(parsePythonLiteral("[('a', '<f4'), ('b', '<i8')]")).toEqual([
      ['a', '<f4'],
      ['b', '<i8'],
    ]);
    expect(parsePythonLiteral('{"x": None, "y": True, "z": -3}')).toEqual({ x: null, y: true, z: -3 });
  });

  it('rejects anything that is not a plain literal', () => {
    expect(() => parsePythonLiteral("__import__('os')")).toThrow(/unexpected token/);
    expect(() => parsePythonLiteral("{'a': 1.5}")).toThrow(/only integers/);
    expect(() => parsePythonLiteral("{'a': 1")).toThrow(/expected ',' or '}'/);
    expect(() => parsePythonLiteral("'abc")).toThrow(/unterminated string/);
    expect(() => parsePythonLiteral('{1: 2}')).toThrow(/keys must be strings/);
    expect(() => parsePythonLiteral('(1) 2')).toThrow(/trailing characters/);
  });
});
