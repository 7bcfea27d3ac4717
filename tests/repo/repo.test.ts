// Repository invariants: layering (no upward imports), one manifest shape everywhere, a README and a
// changeset for every package. These fail when a change breaks the architecture the tree promises.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerOf, SIBLING_EDGES } from './layers.js';

const root = join(import.meta.dirname, '..', '..');

interface Pkg {
  dir: string;
  folder: string;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed package.json, read field by field
  manifest: Record<string, any>;
}

function packages(): Pkg[] {
  const out: Pkg[] = [];
  for (const base of ['packages', 'apps']) {
    const dir = join(root, base);
    if (!existsSync(dir)) continue;
    for (const folder of readdirSync(dir)) {
      const file = join(dir, folder, 'package.json');
      if (!existsSync(file)) continue;
      out.push({ dir: join(dir, folder), folder, manifest: JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|tsx)$/.test(entry) && !/\.test\.ts$/.test(entry)) out.push(p);
  }
  return out;
}

const all = packages();
const published = all.filter((p) => !p.manifest.private);

describe('layering', () => {
  it('places every package in exactly one layer', () => {
    for (const p of published)
      expect(layerOf(p.folder), `${p.folder} is in no layer of tests/repo/layers.ts`).toBeGreaterThanOrEqual(
        0,
      );
    const names = LAYERS.flat();
    expect(new Set(names).size).toBe(names.length);
  });

  for (const p of published) {
    it(`${p.folder} imports no package above it or beside it`, () => {
      const mine = layerOf(p.folder);
      const bad: string[] = [];
      for (const file of sourceFiles(join(p.dir, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]@flopmatch\/([a-z0-9-]+)/g)) {
          const dep = m[1]!;
          if (dep === p.folder || dep === 'tsconfig') continue;
          const theirs = layerOf(dep);
          const sibling = SIBLING_EDGES.some(([a, b]) => a === p.folder && b === dep);
          if (theirs < 0 || theirs > mine || (theirs === mine && !sibling))
            bad.push(`${relative(root, file)} → @flopmatch/${dep}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('manifests', () => {
  for (const p of published) {
    it(`${p.folder} has the shared manifest shape`, () => {
      const m = p.manifest;
      expect(m.name).toBe(`@flopmatch/${p.folder}`);
      expect(m.type).toBe('module');
      expect(m.exports?.['.']?.types).toBe('./dist/index.d.ts');
      expect(m.exports?.['.']?.import).toBe('./dist/index.js');
      expect(m.exports?.['.']?.require).toBe('./dist/index.cjs');
      expect(m.exports?.['.']?.['@flopmatch/source']).toBe('./src/index.ts');
      expect(m.files).toContain('dist');
      expect(m.scripts?.build).toBe('tsup');
      expect(existsSync(join(p.dir, 'README.md')), 'README.md').toBe(true);
      for (const [dep, range] of Object.entries({ ...m.dependencies, ...m.peerDependencies } as Record<
        string,
        string
      >)) {
        if (dep.startsWith('@tensorflow/')) expect(range, dep).toBe('4.22.0');
      }
      for (const dep of Object.keys(m.dependencies ?? {})) {
        expect(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']).not.toContain(dep);
      }
    });
  }
});

describe('changesets', () => {
  it('every published package is named by a changeset or has a CHANGELOG', () => {
    const dir = join(root, '.changeset');
    const mentioned = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/"(@flopmatch\/[a-z0-9-]+)"\s*:/g))
        mentioned.add(m[1]!);
    }
    const missing = published
      .filter((p) => !mentioned.has(p.manifest.name) && !existsSync(join(p.dir, 'CHANGELOG.md')))
      .map((p) => p.manifest.name);
    expect(missing).toEqual([]);
  });
});
