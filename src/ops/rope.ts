/**
 * Rotary position embedding, as ggml's `ggml_rope_ext` (without YaRN extrapolation mixing).
 *
 * For pair `i` of a head (`i < dims/2`) the angle is `pos * freqScale * base^(-2i/dims) / factor[i]`, computed
 * the way ggml does: `theta_scale = base^(-2/dims)` in f32 and `theta *= theta_scale` per pair. `"norm"` rotates
 * adjacent elements (x[2i], x[2i+1]); `"neox"` rotates x[i] with x[i + dims/2]. Dimensions past `dims` pass
 * through unchanged.
 *
 * @module
 */

import type { RopeSettings } from "../backend.ts";

/** Parameters of {@link rope}: the model's settings with the divisors as plain numbers. */
export interface RopeConfig extends RopeSettings {
  /** Per-pair frequency divisors, `dims/2` values, or none. */
  readonly freqFactors?: Float32Array;
}

/**
 * Rotates `n` rows of `nHeads * headDim` elements of `x` in place; row `i` is at position `pos0 + i`.
 * `cache` must hold `dims` floats (cos/sin pairs); it is overwritten.
 */
export function rope(
  x: Float32Array,
  n: number,
  nHeads: number,
  headDim: number,
  pos0: number,
  config: RopeConfig,
  cache: Float32Array,
): void {
  const { dims, style, freqFactors } = config;
  const half = dims / 2;
  const thetaScale = Math.fround(Math.pow(config.base, -2 / dims));
  for (let i = 0; i < n; i++) {
    let theta = pos0 + i;
    for (let p = 0; p < half; p++) {
      const angle = Math.fround(config.freqScale * (freqFactors ? theta / freqFactors[p] : theta));
      cache[2 * p] = Math.fround(Math.cos(angle)) * config.attnFactor;
      cache[2 * p + 1] = Math.fround(Math.sin(angle)) * config.attnFactor;
      theta = Math.fround(theta * thetaScale);
    }
    for (let h = 0; h < nHeads; h++) {
      const base = (i * nHeads + h) * headDim;
      for (let p = 0; p < half; p++) {
        const a = style === "norm" ? base + 2 * p : base + p;
        const b = style === "norm" ? a + 1 : a + half;
        const cos = cache[2 * p], sin = cache[2 * p + 1];
        const x0 = x[a], x1 = x[b];
        x[a] = Math.fround(x0 * cos) - Math.fround(x1 * sin);
        x[b] = Math.fround(x0 * sin) + Math.fround(x1 * cos);
      }
    }
  }
}
