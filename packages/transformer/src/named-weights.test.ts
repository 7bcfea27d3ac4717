import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNamedModule, loadNamedWeights, readWeightsConfig, saveNamedWeights } from './named-weights.js';
import { parseTransformerConfig, Transformer } from './transformer.js';

let dir: string;
beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'flopmatch-transformer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('named weights', () => {
  const config = { layers: 1, width: 8, heads: 2, grid: { height: 2, width: 2 } };

  it('round-trips every variable and the config', async () => {
    const a = new Transformer(config, new Rng(1));
    const b = new Transformer(config, new Rng(2));
    const path = join(dir, 'a.safetensors');
    await saveNamedWeights(path, a.namedVariables(), a.config);
    expect(await readWeightsConfig(path)).toEqual(a.config);
    const loaded = await loadNamedWeights(path, b.namedVariables());
    expect(loaded.config).toEqual(a.config);
    const wa = a.namedVariables();
    for (const [name, v] of b.namedVariables()) expect(v.dataSync(), name).toEqual(wa.get(name)!.dataSync());
    a.dispose();
    b.dispose();
  });

  it('refuses a file for another model, naming the file and the tensors, and changes nothing', async () => {
    const small = new Transformer(config, new Rng(1));
    const wide = new Transformer({ ...config, width: 12, layers: 2 }, new Rng(1));
    const path = join(dir, 'small.safetensors');
    await saveNamedWeights(path, small.namedVariables());
    const before = wide.namedVariables().get('positions')!.dataSync().slice();
    const error = await loadNamedWeights(path, wide.namedVariables()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toMatch(/missing blocks\.1\./);
    expect(message).toMatch(/mismatched positions \[4,8\] vs model \[4,12\]/);
    expect(wide.namedVariables().get('positions')!.dataSync()).toEqual(before);
    await expect(readWeightsConfig(path)).rejects.toThrow(/no 'flopmatch.config' metadata/);
    small.dispose();
    wide.dispose();
  });

  it('loadNamedModule rebuilds from the saved config, names the metadata in parse errors, disposes a misfit', async () => {
    const a = new Transformer(config, new Rng(1));
    const path = join(dir, 'module.safetensors');
    await saveNamedWeights(path, a.namedVariables(), a.config);
    const sources: string[] = [];
    const b = await loadNamedModule(path, (saved, source) => {
      sources.push(source);
      return new Transformer(parseTransformerConfig(saved, source), new Rng(2));
    });
    expect(sources).toEqual([`${path} (config metadata)`]);
    expect(b.config).toEqual(a.config);
    const wa = a.namedVariables();
    for (const [name, v] of b.namedVariables()) expect(v.dataSync(), name).toEqual(wa.get(name)!.dataSync());
    await expect(
      loadNamedModule(
        path,
        (_, source) => new Transformer(parseTransformerConfig({ layers: 0 }, source), new Rng(0)),
      ),
    ).rejects.toThrow(/module\.safetensors \(config metadata\)/);
    let misfit: Transformer | undefined;
    const error = await loadNamedModule(path, () => {
      misfit = new Transformer({ ...config, width: 12 }, new Rng(0));
      return misfit;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(misfit!.namedVariables().get('positions')!.isDisposed).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('reports a truncated file with its path', async () => {
    const path = join(dir, 'broken.safetensors');
    await writeFile(path, new Uint8Array([1, 2, 3]));
    const net = new Transformer(config, new Rng(1));
    await expect(loadNamedWeights(path, net.namedVariables())).rejects.toThrow(
      /broken\.safetensors: file is 3 bytes/,
    );
    net.dispose();
  });
});
