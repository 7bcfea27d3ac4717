/**
 * Errors raised by `@flopmatch/nn`. Each names the layer, the tensor or the parameter at fault and says what
 * to do about it.
 */
import { FlopmatchError } from '@flopmatch/core';

/** A tensor reached a layer with the wrong rank or size. */
export class ShapeError extends FlopmatchError {
  constructor(where: string, problem: string, fix?: string) {
    super('E_SHAPE', `${where}: ${problem}`, fix);
  }
}

/** A state dict does not match the module it is loaded into (missing, unexpected or mis-shaped names). */
export class StateDictError extends FlopmatchError {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly mismatched: string[];
  constructor(missing: string[], unexpected: string[], mismatched: string[]) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing ${missing.length}: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected ${unexpected.length}: ${unexpected.join(', ')}`);
    if (mismatched.length) parts.push(`shape mismatch ${mismatched.length}: ${mismatched.join(', ')}`);
    super(
      'E_STATE_DICT',
      `state dict does not match the module (${parts.join('; ')})`,
      mismatched.length
        ? 'build the module with the config the checkpoint was saved from'
        : 'check the checkpoint belongs to this model, or pass { strict: false } to load the names that match',
    );
    this.missing = missing;
    this.unexpected = unexpected;
    this.mismatched = mismatched;
  }
}

/** An option given to a layer, optimizer or schedule is out of range. */
export class OptionError extends FlopmatchError {
  constructor(where: string, field: string, value: unknown, expected: string) {
    super('E_OPTION', `${where}: option '${field}' = ${JSON.stringify(value)} is invalid`, `use ${expected}`);
  }
}
