/** Human-readable rendering of a reconstruction report (the `--json` form prints the object itself). */
import type { ReconstructionReport } from '../report/reconstruction-report.js';

function si(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/**
 * @example
 * formatReport(report); // 'codec:vq on dataset:shapes (1000 images)\n  PSNR 27.31 dB …'
 */
export function formatReport(r: ReconstructionReport): string {
  const { height, width, channels } = r.latentShape;
  const lines = [
    `${r.codec} on ${r.dataset.id} (${r.dataset.count} images), weights ${r.weightsSha256.slice(0, 12)}…`,
    `  PSNR        ${r.psnr.value.toFixed(2)} dB (std ${r.psnr.std.toFixed(2)}, min ${r.psnr.min.toFixed(2)}; uint8, MAX 255)`,
    `  SSIM        ${r.ssim.value === null ? `— (${r.ssim.reason})` : r.ssim.value.toFixed(4)}`,
    `  latent      ${height}×${width}×${channels}, ${r.bitsPerPosition.toFixed(2)} bits per position`,
  ];
  if (r.codebook) {
    lines.push(
      `  codebook    ${r.codebook.used}/${r.codebook.size} codes used (${(100 * r.codebook.usage).toFixed(1)}%), perplexity ${r.codebook.perplexity.toFixed(1)}`,
    );
  }
  if (r.latents) {
    lines.push(
      `  latents     mean ${r.latents.mean.toFixed(3)}, std ${r.latents.std.toFixed(3)} (scale factor ${r.latents.scaleFactor.toPrecision(4)})`,
    );
  }
  lines.push(
    `  encoder     ${si(r.params.encoder)} params, ${si(r.flopsPerImage.encoder)}FLOPs per image`,
    `  decoder     ${si(r.params.decoder)} params, ${si(r.flopsPerImage.decoder)}FLOPs per image`,
  );
  return lines.join('\n');
}
