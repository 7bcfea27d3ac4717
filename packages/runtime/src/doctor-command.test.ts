import { version as nodeVersion } from 'node:process';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from './backend-names.js';
import { type DoctorReport, doctorCommand, formatDoctorReport } from './doctor-command.js';
import { initRuntime } from './init-runtime.js';

async function run(argv: Record<string, boolean>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await doctorCommand.run(
    { values: { json: false, 'allow-software-gpu': false, ...argv }, positionals: [] },
    { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd() },
  );
  return { code, out, err };
}

describe('doctor', () => {
  it('--json prints one object: every backend probed, auto = the first that works, wasm SIMD, node, cores', async () => {
    const { code, out } = await run({ json: true });
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    const r = JSON.parse(out) as DoctorReport;
    expect(r.backends.map((b) => b.backend)).toEqual([...BACKEND_NAMES]);
    expect(r.backends.find((b) => b.backend === 'cpu')!.available).toBe(true);
    expect(r.backends.find((b) => b.backend === 'wasm')!.available).toBe(true);
    const firstWorking = r.backends.find(
      (b) => b.available && !(b.backend === 'webgpu' && r.webgpu.software),
    );
    expect(r.auto.backend).toBe(firstWorking!.backend);
    for (const b of r.backends.slice(0, BACKEND_NAMES.indexOf(r.auto.backend!)))
      expect(r.auto.reason).toContain(`${b.backend}: `);
    expect(r.wasm.simd).toBe(true);
    expect(r.tfjsVersion).toBe(tf.version_core);
    expect(r.node).toBe(nodeVersion);
    expect(r.cores).toBeGreaterThan(0);
  });

  it('agrees with initRuntime("auto") and leaves the active backend alone', async () => {
    await initRuntime({ backend: 'cpu' });
    const { out } = await run({ json: true });
    expect(tf.getBackend()).toBe('cpu');
    const info = await initRuntime({ backend: 'auto' });
    expect((JSON.parse(out) as DoctorReport).auto.backend).toBe(info.backend);
  });

  it('prints a readable report with the fix for each missing backend', async () => {
    const { out } = await run({});
    expect(out).toMatch(/^node {5}v\d+/);
    expect(out).toMatch(/\n {2}ok {2}cpu +pure-JavaScript reference backend/);
    expect(out).toMatch(/\nauto {5}\w+/);
    expect(out).toMatch(/\nwasm {5}SIMD yes, threads (yes|no)/);
    const r = JSON.parse((await run({ json: true })).out) as DoctorReport;
    for (const b of r.backends.filter((x) => !x.available && x.fix)) expect(out).toContain(`fix: ${b.fix}`);
  });

  it('exits 3 and says why when no backend works', () => {
    const none: DoctorReport = {
      node: 'v20',
      platform: 'linux',
      arch: 'x64',
      cores: 1,
      cpuModel: 'x',
      tfjsVersion: '4.22.0',
      backends: [{ backend: 'cpu', available: false, reason: 'broken', fix: 'reinstall' }],
      auto: { backend: null, reason: 'no backend works here: cpu: broken' },
      wasm: { simd: null, threads: null },
      webgpu: { adapter: null, software: false, reason: 'not installed' },
    };
    const text = formatDoctorReport(none);
    expect(text).toContain('auto     none: no backend works here: cpu: broken');
    expect(text).toContain('fix: reinstall');
    expect(text).toContain('SIMD unknown');
  });
});
