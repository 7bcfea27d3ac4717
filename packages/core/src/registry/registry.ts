/**
 * Registries built from what the caller passes (no global side effects): ids look like `family:name`
 * (`sampler:heun`, `codec:vq`), and a failed lookup throws `NoSuchComponentError` listing what exists.
 * Swapping a component = registering your factory under a new id and naming that id in a config.
 */
import { FlopmatchError, NoSuchComponentError } from '../errors.js';

/** A family-scoped registry of factories. */
export interface Registry<T> {
  readonly family: string;
  /** Builds the component named by `id` (`family:name`, or just `name`). */
  get(id: string): T;
  has(id: string): boolean;
  ids(): string[];
  /** A new registry with `entries` added; a duplicate id throws. */
  with(entries: Record<string, T>): Registry<T>;
}

function qualify(family: string, id: string): string {
  return id.includes(':') ? id : `${family}:${id}`;
}

/**
 * Creates a registry for `family` from `entries` (keys may omit the `family:` prefix).
 *
 * @example
 * const samplers = createRegistry('sampler', { euler: makeEuler, heun: makeHeun });
 * samplers.get('sampler:heun');
 */
export function createRegistry<T>(family: string, entries: Record<string, T> = {}): Registry<T> {
  const map = new Map<string, T>();
  for (const [key, value] of Object.entries(entries)) {
    const id = qualify(family, key);
    if (!id.startsWith(`${family}:`)) {
      throw new FlopmatchError('E_REGISTRY', `id '${id}' does not belong to family '${family}'`);
    }
    if (map.has(id)) throw new FlopmatchError('E_REGISTRY', `duplicate registration of '${id}'`);
    map.set(id, value);
  }
  const registry: Registry<T> = {
    family,
    get(id) {
      const key = qualify(family, id);
      const hit = map.get(key);
      if (hit === undefined) throw new NoSuchComponentError(key, [...map.keys()].sort());
      return hit;
    },
    has: (id) => map.has(qualify(family, id)),
    ids: () => [...map.keys()].sort(),
    with(more) {
      const merged: Record<string, T> = Object.fromEntries(map);
      for (const [key, value] of Object.entries(more)) {
        const id = qualify(family, key);
        if (id in merged) throw new FlopmatchError('E_REGISTRY', `duplicate registration of '${id}'`);
        merged[id] = value;
      }
      return createRegistry(family, merged);
    },
  };
  return registry;
}
