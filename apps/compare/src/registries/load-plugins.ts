/**
 * Plugins: modules a sweep lists under `plugins` that add components to the registries. Each exports
 * `register(registries)` and returns the registries with its components added (`registry.with({...})`), so
 * a plugin can never silently replace a built-in (a duplicate id throws).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlopmatchError } from '@flopmatch/core';
import type { ComponentPlugin, ComponentRegistries } from './components.js';

/** Resolves a plugin reference against the directory of the sweep that names it (package names stay). */
export function resolvePluginPath(reference: string, baseDir: string): string {
  if (reference.startsWith('.') || isAbsolute(reference)) return resolve(baseDir, reference);
  return reference;
}

/** Applies each plugin in order to `base`. `plugins` are absolute paths or package names. */
export async function applyPlugins(
  base: ComponentRegistries,
  plugins: readonly string[],
): Promise<ComponentRegistries> {
  let registries = base;
  for (const plugin of plugins) {
    const url = isAbsolute(plugin) ? pathToFileURL(plugin).href : plugin;
    let module: Partial<ComponentPlugin>;
    try {
      module = (await import(url)) as Partial<ComponentPlugin>;
    } catch (error) {
      throw new FlopmatchError(
        'E_PLUGIN_NOT_FOUND',
        `plugin ${plugin} could not be loaded: ${(error as Error).message}`,
        "check the path in the sweep's plugins (relative to the sweep file)",
      );
    }
    if (typeof module.register !== 'function') {
      throw new FlopmatchError(
        'E_PLUGIN',
        `plugin ${plugin} exports no register(registries) function`,
        'export function register(registries) { return { ...registries, samplers: registries.samplers.with({ … }) }; }',
      );
    }
    registries = module.register(registries);
  }
  return registries;
}
