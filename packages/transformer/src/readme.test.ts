/**
 * The README's example runs here (the block between the `README:example` markers must appear verbatim in
 * README.md, up to indentation) and its preset table must equal what the ledger computes today.
 */
import { readFile } from 'node:fs/promises';
import { Rng } from '@flopmatch/core';
import { readmeExample } from '@flopmatch/core/testing';
import { createFlopsCommand } from '@flopmatch/flops';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { presetConfig, TRANSFORMER_PRESETS, Transformer } from './index.js';
import { presetTable } from './preset-table.js';

const readme = readFile(new URL('../README.md', import.meta.url), 'utf8');

async function exampleBlock(name: string): Promise<string> {
  return (await readmeExample(import.meta.url, { name, indent: 4 })).block;
}

describe('README', () => {
  it('example: appears verbatim and does what it says', async () => {
    // README:example:start
    await initRuntime({ backend: 'wasm' });
    const net = new Transformer(presetConfig('fm-xs', { height: 8, width: 8 }, { rope: '2d' }), new Rng(0));
    const prefix = tf.randomNormal([2, 16, 64]) as tf.Tensor3D; // the caption's embeddings [B, P, d]
    const tokens = tf.randomNormal([2, 64, 64]) as tf.Tensor3D; // image-token embeddings [B, T, d]
    const h = net.forward({ prefix, tokens, mask: 'causal' }); // [2, 64, 64]
    const cache = net.createCache(2, 16 + 64);
    const first = net.forwardCached({ prefix, tokens: tf.slice(tokens, [0, 0, 0], [2, 1, 64]) }, cache); // = h[:, :1]
    const cost = net.forwardFlops(16, 64, 'causal'); // { model, executed }: causal attention counted exactly
    // README:example:end
    expect(await readme).toContain(await exampleBlock('example'));
    expect(h.shape).toEqual([2, 64, 64]);
    const head = tf.slice(h, [0, 0, 0], [2, 1, 64]);
    expect(tf.max(tf.abs(tf.sub(first, head))).dataSync()[0]).toBeLessThan(1e-5);
    expect(cost.model).toBeLessThan(cost.executed);
    tf.dispose([prefix, tokens, h, first, head]);
    cache.dispose();
    net.dispose();
  });

  it('preset table: every row equals the ledger', async () => {
    // Cells compared after trimming: the formatter pads markdown tables.
    const cells = (row: string) => row.split('|').map((c) => c.trim().replace(/^-+$/, '-'));
    const rows = (await readme)
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map(cells);
    expect(rows).toEqual(presetTable().map(cells));
  });

  it('presets plug into `flopmatch flops`', async () => {
    const command = createFlopsCommand({ presets: TRANSFORMER_PRESETS });
    let out = '';
    const code = await command.run(
      { values: { model: 'fm-s', json: true }, positionals: [] },
      { stdout: (t) => (out += t), stderr: () => undefined, cwd: '.' },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ source: expect.stringContaining('fm-s') });
  });
});
