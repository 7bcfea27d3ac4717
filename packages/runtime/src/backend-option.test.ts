import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, isBackendRequest } from './backend-names.js';
import { BACKEND_OPTION } from './backend-option.js';

describe('BACKEND_OPTION', () => {
  it('defaults to a backend initRuntime accepts and lists every backend in its help', () => {
    expect(isBackendRequest(BACKEND_OPTION.default)).toBe(true);
    expect(BACKEND_OPTION.default).toBe('wasm');
    for (const name of ['auto', ...BACKEND_NAMES]) expect(BACKEND_OPTION.description).toContain(name);
  });
});
