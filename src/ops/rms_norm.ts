/**
 * RMSNorm as ggml computes it: `y = x * (1 / sqrt(mean(x^2) + eps)) * w`.
 *
 * ggml sums the squares in double precision and scales in single precision; the weight multiply is a separate
 * f32 op. Any hidden size works: there is no block size, no early return.
 *
 * @module
 */

/** Normalizes `n` rows of `dim = weight.length` elements from `x` into `out` (which may alias `x`). */
export function rmsNorm(
  out: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  n: number,
  eps: number,
): void {
  const dim = weight.length;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) {
      const v = x[base + j];
      sum += Math.fround(v * v);
    }
    // ggml: the mean is stored as f32, then eps (an f32) is added in f32.
    const mean = Math.fround(sum / dim);
    const scale = Math.fround(1 / Math.fround(Math.sqrt(Math.fround(mean + Math.fround(eps)))));
    for (let j = 0; j < dim; j++) out[base + j] = Math.fround(x[base + j] * scale) * weight[j];
  }
}
