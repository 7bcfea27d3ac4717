/**
 * Time grids for flow-matching ODE solvers.
 *
 * Paper: Esser et al., "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis" (SD3),
 * arXiv:2403.03206, §5.3.2 "Resolution-dependent shifting of timestep schedules". With x_t = (1 − t)·x_0 +
 * t·ε, sampling runs from t = 1 (noise) to t = 0 (data). A shift s > 1 spends more of the steps at high
 * noise (SD3 uses s = 3 at 1024²); s = 1 is the uniform grid.
 */

/**
 * Shifted time t' = s·t / (1 + (s − 1)·t). Maps 0 → 0 and 1 → 1 and is increasing for s > 0.
 *
 * @example
 * shiftTime(0.5, 3); // 0.75
 */
export function shiftTime(t: number, shift: number): number {
  return (shift * t) / (1 + (shift - 1) * t); // eq. (23)
}

/**
 * The `steps + 1` times t_0 = 1 > t_1 > … > t_steps = 0: uniform in [0, 1], then shifted.
 *
 * @example
 * flowTimesteps(4, 1); // [1, 0.75, 0.5, 0.25, 0]
 */
export function flowTimesteps(steps: number, shift: number): number[] {
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) times.push(shiftTime(1 - i / steps, shift));
  times[0] = 1; // exact ends whatever the rounding
  times[steps] = 0;
  return times;
}
