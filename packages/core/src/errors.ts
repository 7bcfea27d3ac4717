/**
 * Errors users meet. Each names what is wrong (a field, a file, a step) and how to fix it, so a message
 * alone is enough to act on.
 */

/** Base class of every flopmatch error; `code` is stable across versions. */
export class FlopmatchError extends Error {
  readonly code: string;
  /** What to do about it. */
  readonly fix: string | undefined;
  constructor(code: string, message: string, fix?: string) {
    super(fix ? `${message}\n  fix: ${fix}` : message);
    this.name = new.target.name;
    this.code = code;
    this.fix = fix;
  }
}

/** One invalid field of a config. */
export interface ConfigIssue {
  /** Dotted path to the field, e.g. `sweep.objectives[1].lr`. */
  path: string;
  /** The value found there (JSON-ish rendering). */
  value: string;
  message: string;
  fix?: string;
}

/** A config failed validation; lists every offending field with its value and the fix. */
export class ConfigError extends FlopmatchError {
  readonly issues: ConfigIssue[];
  readonly source: string;
  constructor(source: string, issues: ConfigIssue[]) {
    const lines = issues.map(
      (i) => `  - ${i.path || '(root)'} = ${i.value}: ${i.message}${i.fix ? ` (fix: ${i.fix})` : ''}`,
    );
    super('E_CONFIG', `invalid ${source}:\n${lines.join('\n')}`);
    this.issues = issues;
    this.source = source;
  }
}

/** A file is missing, truncated or corrupt. Never loaded silently. */
export class FileFormatError extends FlopmatchError {
  readonly path: string;
  constructor(path: string, problem: string, fix?: string) {
    super('E_FILE_FORMAT', `${path}: ${problem}`, fix);
    this.path = path;
  }
}

/** A registry lookup failed; lists the ids that exist. */
export class NoSuchComponentError extends FlopmatchError {
  readonly id: string;
  readonly available: string[];
  constructor(id: string, available: string[]) {
    super(
      'E_NO_SUCH_COMPONENT',
      `no component '${id}' is registered`,
      available.length ? `use one of: ${available.join(', ')}` : 'register one first',
    );
    this.id = id;
    this.available = available;
  }
}

/** A file, directory or other resource that should exist does not (CLI exit code 3). */
export class NotFoundError extends FlopmatchError {
  readonly path: string;
  constructor(path: string, what: string, fix?: string) {
    super('E_NOT_FOUND', `${path}: ${what} not found`, fix);
    this.path = path;
  }
}

/** A command line could not be understood (unknown option, missing value); CLI exit code 2. */
export class UsageError extends FlopmatchError {
  constructor(message: string, fix?: string) {
    super('E_USAGE', message, fix);
  }
}
