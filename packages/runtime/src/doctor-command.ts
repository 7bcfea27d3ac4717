/**
 * `flopmatch doctor`: what this machine can run on. Probes every backend plug-in (without switching the
 * active backend), says which one `auto` picks and why the faster ones were passed over, and reports the
 * TensorFlow.js version, wasm SIMD/threads, the WebGPU adapter, Node and the CPU cores.
 */
import { availableParallelism, cpus } from 'node:os';
import { type Command, EXIT, JSON_OPTION, printReport } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_NAMES, type BackendName } from './backend-names.js';
import { asSeenByAuto, probeBackend } from './probe-backend.js';

/** One backend as `doctor` found it. */
export interface DoctorBackend {
  backend: BackendName;
  /** Loads and works here. */
  available: boolean;
  reason: string;
  fix?: string;
  details?: Record<string, unknown>;
}

/** Everything `doctor` reports (the `--json` object). */
export interface DoctorReport {
  node: string;
  platform: string;
  arch: string;
  /** Cores Node may use (`os.availableParallelism()`). */
  cores: number;
  cpuModel: string;
  tfjsVersion: string;
  backends: DoctorBackend[];
  /** What `initRuntime({ backend: 'auto' })` would pick, and why; null when nothing works. */
  auto: { backend: BackendName | null; reason: string };
  wasm: { simd: boolean | null; threads: boolean | null };
  webgpu: { adapter: string | null; software: boolean; reason: string };
}

/** Options of `doctorReport`. */
export interface DoctorOptions {
  /** Let `auto` take a software WebGPU adapter (as `initRuntime`'s option of the same name). Default false. */
  allowSoftwareGpu?: boolean;
}

/** Probes every backend and assembles the report. Registers backends with tfjs; does not change the active one. */
export async function doctorReport(options: DoctorOptions = {}): Promise<DoctorReport> {
  const backends: DoctorBackend[] = [];
  let auto: DoctorReport['auto'] | undefined;
  const passedOver: string[] = [];
  let webgpu: DoctorReport['webgpu'] = { adapter: null, software: false, reason: 'not probed' };
  for (const name of BACKEND_NAMES) {
    const probe = await probeBackend(name);
    backends.push({
      backend: name,
      available: probe.ok,
      reason: probe.reason,
      ...(probe.fix ? { fix: probe.fix } : {}),
      ...(probe.details ? { details: probe.details } : {}),
    });
    if (name === 'webgpu') {
      const adapter = probe.details?.adapter;
      webgpu = {
        adapter: typeof adapter === 'string' ? adapter : null,
        software: probe.software === true,
        reason: probe.reason,
      };
    }
    const seen = asSeenByAuto(probe, options.allowSoftwareGpu ?? false);
    if (auto) continue;
    if (seen.ok) {
      const why = passedOver.length ? `; passed over ${passedOver.join('; ')}` : '';
      auto = {
        backend: name,
        reason: `${name} is the fastest backend that works here (${seen.reason})${why}`,
      };
    } else passedOver.push(`${name}: ${seen.reason}`);
  }
  const wasmDetails = backends.find((b) => b.backend === 'wasm')?.details ?? {};
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    tfjsVersion: tf.version_core,
    backends,
    auto: auto ?? { backend: null, reason: `no backend works here: ${passedOver.join('; ')}` },
    wasm: {
      simd: typeof wasmDetails.simd === 'boolean' ? wasmDetails.simd : null,
      threads: typeof wasmDetails.threads === 'boolean' ? wasmDetails.threads : null,
    },
    webgpu,
  };
}

const yesNo = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');

/** The human-readable form of a report. */
export function formatDoctorReport(r: DoctorReport): string {
  const width = Math.max(...r.backends.map((b) => b.backend.length));
  const lines = [
    `node     ${r.node} (${r.platform} ${r.arch}), ${r.cores} cores, ${r.cpuModel}`,
    `tfjs     ${r.tfjsVersion}`,
    'backends (in the order auto tries them)',
    ...r.backends.flatMap((b) => [
      `  ${b.available ? 'ok ' : 'no '} ${b.backend.padEnd(width)}  ${b.reason}`,
      ...(b.available || !b.fix ? [] : [`      ${' '.repeat(width)}  fix: ${b.fix}`]),
    ]),
    `auto     ${r.auto.backend ?? 'none'}: ${r.auto.reason}`,
    `wasm     SIMD ${yesNo(r.wasm.simd)}, threads ${yesNo(r.wasm.threads)}`,
    `webgpu   ${r.webgpu.adapter ? `${r.webgpu.adapter}${r.webgpu.software ? ' (software)' : ''}` : r.webgpu.reason}`,
  ];
  return lines.join('\n');
}

/**
 * The `doctor` command. Exit code 0 when some backend works, 3 (unavailable) when none does.
 *
 * @example
 * const cli = createCli({ name: 'flopmatch', version, commands: [doctorCommand] });
 */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Show which tensor backends work here, which one auto picks and why',
  examples: ['doctor', 'doctor --json', 'doctor --allow-software-gpu'],
  options: {
    json: JSON_OPTION,
    'allow-software-gpu': {
      type: 'boolean',
      default: false,
      description: 'let auto pick a software WebGPU adapter (default false: slower than wasm)',
    },
  },
  async run(args, ctx) {
    const report = await doctorReport({ allowSoftwareGpu: args.values['allow-software-gpu'] === true });
    printReport(ctx, args, report, formatDoctorReport);
    return report.auto.backend ? EXIT.ok : EXIT.unavailable;
  },
};
