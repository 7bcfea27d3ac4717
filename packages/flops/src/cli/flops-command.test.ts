import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandArgs, ConfigError, createRegistry, EXIT, scaleFlops } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { convNetFlops } from '../models/conv-net-flops.js';
import { transformerFlops } from '../models/transformer-flops.js';
import { GOLDEN_PRESETS } from '../presets/golden-presets.js';
import { TINY_CAUSAL_TRANSFORMER } from '../testing/tiny-transformers.js';
import { createFlopsCommand, type FlopsExtension } from './flops-command.js';
import type { FlopsReport } from './flops-report.js';
import { loadModel, type ModelDescription } from './load-model.js';

const dir = mkdtempSync(join(tmpdir(), 'flopmatch-flops-'));

async function run(values: CommandArgs['values'], command = createFlopsCommand()) {
  let stdout = '';
  let stderr = '';
  const code = await command.run(
    { values, positionals: [] },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir },
  );
  return { code, stdout, stderr };
}

function file(name: string, content: unknown): string {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

const tinyFile = { ...TINY_CAUSAL_TRANSFORMER, name: 'tiny' };

describe('flopmatch flops', () => {
  it('prints a preset’s forward, training and per-token FLOPs and its parameters', async () => {
    const { code, stdout } = await run({ model: 'dit-xl-2' });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^DiT-XL\/2 \(preset:dit-xl-2\)/);
    expect(stdout).toMatch(/multiply-add = 2 FLOPs/);
    expect(stdout).toMatch(/ {2}forward +237\.3 G +237\.3 G/);
    expect(stdout).toMatch(/training step \(forward \+ backward\) +712\.0 G/);
    expect(stdout).toMatch(/forward \/ token/);
    expect(stdout).toMatch(/parameters: 674\.8 M total \(674834720\)/);
  });

  it('prints one JSON object with exact numbers under --json', async () => {
    const { code, stdout } = await run({ model: 'gpt2-small', json: true });
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as FlopsReport;
    const f = transformerFlops(GOLDEN_PRESETS['gpt2-small']);
    expect(report.sections[0]!.rows.map((r) => r.label)).toEqual([
      'forward',
      'training step (forward + backward)',
      'forward / token',
      'training / token',
    ]);
    expect(report.sections[0]!.rows[0]!.flops).toEqual(f.forward);
    expect(report.sections[0]!.rows[3]!.flops).toEqual(f.perToken.training);
    expect(report.params).toEqual({ total: 124_439_808, embedding: 39_383_808, nonEmbedding: 85_056_000 });
  });

  it('prints the KV-cached decode schedule for a causal model with a prefix', async () => {
    const { stdout } = await run({ model: 'demo' });
    expect(stdout).toMatch(/KV-cached decode[\s\S]*prefill[\s\S]*step 63 \(last\)[\s\S]*total/);
  });

  it('prices a description file, resolved against the working directory', async () => {
    const { code, stdout } = await run({ model: file('tiny.json', tinyFile), json: true });
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as FlopsReport;
    expect(report.source).toBe(join(dir, 'tiny.json'));
    expect(report.sections[0]!.rows[0]!.flops).toEqual({ model: 1476, executed: 1524 }); // gathered embedding
  });

  it('prices embeddings as one-hot matmuls with --embedding one-hot, and refuses an unknown one', async () => {
    const tiny = file('tiny.json', tinyFile);
    const oneHot = await run({ model: tiny, json: true, embedding: 'one-hot' });
    const report = JSON.parse(oneHot.stdout) as FlopsReport;
    expect(report.count.embedding).toBe('one-hot');
    expect(report.sections[0]!.rows[0]!.flops).toEqual({ model: 1476, executed: 1524 + 2 * 3 * 5 * 4 });
    const text = await run({ model: tiny, embedding: 'one-hot', count: 'softmax' });
    expect(text.stdout).toMatch(/counted: matmuls \+ softmax; embeddings executed as one-hot matmuls/);
    expect((await run({ model: tiny })).stdout).toMatch(/embeddings executed as a gather/);
    const bad = await run({ model: tiny, embedding: 'lookup' });
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/embedding = "lookup"/);
  });

  it('names the file and the malformed field (ConfigError, exit 2)', async () => {
    const name = file('bad.json', { ...tinyFile, heads: 'many' });
    const { code, stderr } = await run({ model: name });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/invalid .*bad\.json/);
    expect(stderr).toMatch(/heads = "many"/);
    expect(() => loadModel(name, createRegistry<ModelDescription>('preset', GOLDEN_PRESETS), dir)).toThrow(
      ConfigError,
    );
  });

  it('rejects a file of an unknown type with the types it knows', async () => {
    const { code, stderr } = await run({ model: file('what.json', { type: 'unet' }) });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/type = "unet".*fix: set type to 'transformer' or 'conv-net'/);
  });

  it('exits 3 for a missing file and 2 for broken JSON', async () => {
    const missing = await run({ model: 'nope/missing.json' });
    expect(missing.code).toBe(EXIT.unavailable);
    expect(missing.stderr).toMatch(/missing\.json: no such file/);
    const broken = await run({ model: file('broken.json', '{"type": "transformer",') });
    expect(broken.code).toBe(EXIT.usage);
    expect(broken.stderr).toMatch(/broken\.json: is not valid JSON/);
  });

  it('lists the presets for an unknown one or a missing --model', async () => {
    const unknown = await run({ model: 'dit-xxl-2' });
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/no component 'preset:dit-xxl-2'[\s\S]*preset:dit-xl-2/);
    const none = await run({});
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/--model is required.*gpt2-small/);
  });

  it('counts optional families with --count and names an unknown one', async () => {
    const all = JSON.parse((await run({ model: 'demo', count: 'all', json: true })).stdout) as FlopsReport;
    const expected = transformerFlops(GOLDEN_PRESETS.demo, {
      softmax: true,
      norms: true,
      activations: true,
      elementwise: true,
    });
    expect(all.sections[0]!.rows[0]!.flops).toEqual(expected.forward);
    expect(all.count.softmax).toBe(true);
    const bad = await run({ model: 'demo', count: 'softmax,dropout' });
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--count[\s\S]*unknown op family dropout/);
  });

  it('overrides T, P and the mask from the command line, validated like the file', async () => {
    const r = JSON.parse((await run({ model: 'dit-b-2', tokens: '64', json: true })).stdout) as FlopsReport;
    expect(r.sections[0]!.rows[0]!.flops).toEqual(
      transformerFlops({ ...GOLDEN_PRESETS['dit-b-2'], tokenLength: 64 }).forward,
    );
    const bad = await run({ model: 'dit-b-2', tokens: 'many' });
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/tokenLength = "many"/);
    const mask = await run({ model: 'demo', mask: 'diagonal' });
    expect(mask.stderr).toMatch(/mask = "diagonal"/);
  });

  it('prices a conv-net description per image', async () => {
    const net = {
      type: 'conv-net',
      input: { height: 8, width: 8, channels: 3 },
      layers: [{ op: 'conv', channels: 4 }, { op: 'downsample' }],
    };
    const r = JSON.parse((await run({ model: file('enc.json', net), json: true })).stdout) as FlopsReport;
    expect(r.type).toBe('conv-net');
    expect(r.sections[0]!.title).toBe('per image (8×8×3 → 4×4×4)');
    expect(r.sections[0]!.rows[0]!.flops).toEqual(convNetFlops(net as never).forward);
    expect((await run({ model: 'enc.json', tokens: '4' })).stderr).toMatch(/apply to transformers only/);
  });
});

describe('flops extensions and presets', () => {
  // What a sampler package would contribute: --steps K and --cfg s → K · (2 if s ≠ 1) forward passes.
  const sampling: FlopsExtension = {
    name: 'sampling',
    options: {
      steps: { type: 'string', description: 'sampler steps K' },
      cfg: { type: 'string', description: 'guidance scale s (default 1: no extra pass)' },
    },
    examples: ['flops --model dit-b-2 --steps 50 --cfg 4'],
    report({ priced, values }) {
      if (priced.type !== 'transformer' || typeof values.steps !== 'string') return undefined;
      const passes = Number(values.steps) * (values.cfg !== undefined && values.cfg !== '1' ? 2 : 1);
      return {
        title: `sampling (K = ${values.steps})`,
        rows: [{ label: 'per image', flops: scaleFlops(priced.flops.forward, passes) }],
        data: { passes },
      };
    },
  };

  it('adds the extension’s options, examples and section to the same command', async () => {
    const command = createFlopsCommand({ extensions: [sampling] });
    expect(Object.keys(command.options)).toEqual(expect.arrayContaining(['model', 'json', 'steps', 'cfg']));
    expect(command.examples).toContain('flops --model dit-b-2 --steps 50 --cfg 4');
    const r = JSON.parse(
      (await run({ model: 'dit-b-2', steps: '50', cfg: '4', json: true }, command)).stdout,
    ) as FlopsReport;
    const forward = transformerFlops(GOLDEN_PRESETS['dit-b-2']).forward;
    expect(r.extensions.sampling!.rows[0]!.flops).toEqual(scaleFlops(forward, 100));
    expect(r.extensions.sampling!.data).toEqual({ passes: 100 });
    expect((await run({ model: 'dit-b-2', steps: '50' }, command)).stdout).toMatch(
      /sampling \(K = 50\) +model +executed\n {2}per image/,
    );
    expect((await run({ model: 'dit-b-2' }, command)).stdout).not.toMatch(/sampling/);
  });

  it('refuses an extension option that clashes or a duplicate extension name', () => {
    const clash: FlopsExtension = {
      ...sampling,
      name: 'other',
      options: { json: { type: 'boolean', description: 'x' } },
    };
    expect(() => createFlopsCommand({ extensions: [clash] })).toThrow(
      /--json of flops extension 'other' is already defined by 'flops'/,
    );
    expect(() => createFlopsCommand({ extensions: [sampling, sampling] })).toThrow(
      /two flops extensions are named 'sampling'/,
    );
  });

  it('takes the app’s presets beside the golden ones, refusing duplicates and bad ones', async () => {
    const command = createFlopsCommand({ presets: { 'mine-s': { ...tinyFile, name: 'mine' } } });
    expect((await run({ model: 'mine-s' }, command)).stdout).toMatch(/^mine \(preset:mine-s\)/);
    expect((await run({ model: 'dit-s-2' }, command)).code).toBe(EXIT.ok);
    expect(() => createFlopsCommand({ presets: { demo: tinyFile as never } })).toThrow(
      /duplicate registration of 'preset:demo'/,
    );
    expect(() => createFlopsCommand({ presets: { bad: { ...tinyFile, width: 0 } as never } })).toThrow(
      /preset bad[\s\S]*width = 0/,
    );
  });
});
