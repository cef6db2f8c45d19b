/**
 * The scale searches behind ggml's reference K-quantizers (`quantize_row_qN_K_ref` in `ggml-quants.c`).
 *
 * A K-quant stores each small group of 16 or 32 weights as integers `L` plus one scale (and, for the
 * "asymmetric" types Q2_K, Q4_K and Q5_K, one minimum). Picking the scale as `max / nmax` is rarely the best
 * choice, so ggml tries a handful of nearby scales and keeps the one with the smallest weighted error. Those
 * searches are what make a file written by `llama-quantize` what it is, so they are reproduced here operation
 * by operation: every intermediate is rounded to f32 (`Math.fround`) where the C code computes in `float`, and
 * integers are rounded with ggml's `nearest_int`.
 *
 * Only the searches the reference quantizers use without an importance matrix live here:
 * - {@link makeQxQuants}: symmetric levels `-nmax..nmax-1`, weight `x^2` (Q6_K groups).
 * - {@link makeQ3Quants}: symmetric levels with a coordinate-descent refinement (Q3_K groups).
 * - {@link makeQkx2Quants}: levels `0..nmax` with a scale and a minimum (Q2_K, Q4_K, Q5_K groups).
 *
 * @module
 */

const f = Math.fround;

/** ggml's `GROUP_MAX_EPS`: a group whose largest magnitude is below this is treated as all zeros. */
export const GROUP_MAX_EPS: number = f(1e-15);

const roundScratch = new Float32Array(1);
const roundBits = new Int32Array(roundScratch.buffer);

/**
 * ggml's `nearest_int`: adds 1.5 * 2^23 in f32 so that the FPU rounds the value to an integer (ties to even),
 * then reads that integer from the low mantissa bits. Reproduced bit for bit, including what the trick returns
 * for values beyond +-2^22 (garbage, as in C), so that degenerate blocks encode exactly as ggml's do.
 */
export function nearestInt(value: number): number {
  roundScratch[0] = value + 12582912;
  return (roundBits[0] & 0x007fffff) - 0x00400000;
}

/** Clamps an integer to `[lo, hi]`. */
function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Index of the element with the largest magnitude (the first one on ties), or -1 when all are zero. */
function signedMaxIndex(x: Float32Array, offset: number, n: number): number {
  let amax = 0;
  let at = -1;
  for (let i = 0; i < n; i++) {
    const ax = Math.abs(x[offset + i]);
    if (ax > amax) {
      amax = ax;
      at = i;
    }
  }
  return at;
}

/**
 * ggml's `make_qx_quants(n, nmax, x, L, rmse_type = 1, qw = NULL)`: symmetric quantization of `n` values of `x`
 * (from `xOffset`) to levels `-nmax..nmax-1`, stored in `L` (from `lOffset`) offset by `+nmax`. Starts from the
 * scale that maps the largest-magnitude value to `-nmax`, then tries 18 scales around it and keeps the one that
 * minimises the error weighted by `x^2`. Returns the scale (the value of one level step).
 */
export function makeQxQuants(
  n: number,
  nmax: number,
  x: Float32Array,
  xOffset: number,
  L: Uint8Array,
  lOffset: number,
): number {
  const at = signedMaxIndex(x, xOffset, n);
  if (at < 0 || Math.abs(x[xOffset + at]) < GROUP_MAX_EPS) {
    L.fill(0, lOffset, lOffset + n);
    return 0;
  }
  const max = x[xOffset + at];
  let iscale = f(-nmax / max);
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOffset + i];
    const l = clamp(nearestInt(f(iscale * xi)), -nmax, nmax - 1);
    L[lOffset + i] = l + nmax;
    const w = f(xi * xi);
    sumlx = f(sumlx + f(f(w * xi) * l));
    suml2 = f(suml2 + f(f(w * l) * l));
  }
  let scale = suml2 ? f(sumlx / suml2) : 0;
  let best = f(scale * sumlx);
  for (let is = -9; is <= 9; ++is) {
    if (is === 0) continue;
    iscale = f(-f(nmax + f(f(0.1) * is)) / max);
    sumlx = 0;
    suml2 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOffset + i];
      const l = clamp(nearestInt(f(iscale * xi)), -nmax, nmax - 1);
      const w = f(xi * xi);
      sumlx = f(sumlx + f(f(w * xi) * l));
      suml2 = f(suml2 + f(f(w * l) * l));
    }
    if (suml2 > 0 && f(sumlx * sumlx) > f(best * suml2)) {
      for (let i = 0; i < n; i++) {
        L[lOffset + i] = nmax + clamp(nearestInt(f(iscale * x[xOffset + i])), -nmax, nmax - 1);
      }
      scale = f(sumlx / suml2);
      best = f(scale * sumlx);
    }
  }
  return scale;
}

const q3Levels = new Int8Array(16);

/**
 * ggml's `make_q3_quants(n, nmax, x, L, do_rmse = true)`: symmetric quantization to levels `-nmax..nmax-1`
 * (stored offset by `+nmax`), then up to five sweeps that move single values to the level that most improves
 * the `x^2`-weighted least-squares fit. Returns the least-squares scale. `n` is at most 16 (a Q3_K group).
 */
export function makeQ3Quants(
  n: number,
  nmax: number,
  x: Float32Array,
  xOffset: number,
  L: Uint8Array,
  lOffset: number,
): number {
  const at = signedMaxIndex(x, xOffset, n);
  if (at < 0 || Math.abs(x[xOffset + at]) < GROUP_MAX_EPS) {
    L.fill(0, lOffset, lOffset + n);
    return 0;
  }
  const iscale = f(-nmax / x[xOffset + at]);
  const q = q3Levels; // signed levels while searching
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOffset + i];
    const l = clamp(nearestInt(f(iscale * xi)), -nmax, nmax - 1);
    q[i] = l;
    const w = f(xi * xi);
    sumlx = f(sumlx + f(f(w * xi) * l));
    suml2 = f(suml2 + f(f(w * l) * l));
  }
  for (let itry = 0; itry < 5; ++itry) {
    let nChanged = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOffset + i];
      const w = f(xi * xi);
      let slx = f(sumlx - f(f(w * xi) * q[i]));
      if (slx > 0) {
        let sl2 = f(suml2 - f(f(w * q[i]) * q[i]));
        const newL = clamp(nearestInt(f(f(xi * sl2) / slx)), -nmax, nmax - 1);
        if (newL !== q[i]) {
          slx = f(slx + f(f(w * xi) * newL));
          sl2 = f(sl2 + f(f(w * newL) * newL));
          // Keep the move only if it raises sumlx^2 / suml2, i.e. lowers the least-squares error.
          if (sl2 > 0 && f(f(slx * slx) * suml2) > f(f(sumlx * sumlx) * sl2)) {
            q[i] = newL;
            sumlx = slx;
            suml2 = sl2;
            ++nChanged;
          }
        }
      }
    }
    if (!nChanged) break;
  }
  for (let i = 0; i < n; i++) L[lOffset + i] = q[i] + nmax;
  return suml2 > 0 ? f(sumlx / suml2) : 0;
}

/** Result of {@link makeQkx2Quants}: the scale and the (positive) amount subtracted, `x ~ scale * L - min`. */
export interface ScaleMin {
  /** Value of one level step. */
  scale: number;
  /** Minus the value of level 0 (ggml's `the_min`); never negative. */
  min: number;
}

const auxLevels = new Uint8Array(32);

/**
 * ggml's `make_qkx2_quants`: asymmetric quantization of `n` (at most 32) values to levels `0..nmax` with
 * `x ~ scale * L + m` (m <= 0). Starts from `m = min(x, 0)`, `scale = (max - m) / nmax`, then for each of
 * `nstep + 1` trial scales `(rmin + rdelta * is + nmax) / (max - m)` rounds the values, solves the weighted
 * least-squares fit for scale and minimum, and keeps the fit with the smallest weighted error (absolute error
 * when `useMad`, squared otherwise). Writes the levels to `L` from `lOffset` and `out` = {scale, min = -m}.
 */
export function makeQkx2Quants(
  n: number,
  nmax: number,
  x: Float32Array,
  xOffset: number,
  weights: Float32Array,
  L: Uint8Array,
  lOffset: number,
  rmin: number,
  rdelta: number,
  nstep: number,
  useMad: boolean,
  out: ScaleMin,
): void {
  let min = x[xOffset];
  let max = x[xOffset];
  let sumW = weights[0];
  let sumX = f(sumW * x[xOffset]);
  for (let i = 1; i < n; i++) {
    const xi = x[xOffset + i];
    if (xi < min) min = xi;
    if (xi > max) max = xi;
    const w = weights[i];
    sumW = f(sumW + w);
    sumX = f(sumX + f(w * xi));
  }
  if (min > 0) min = 0;
  if (max === min) {
    L.fill(0, lOffset, lOffset + n);
    out.scale = 0;
    out.min = -min;
    return;
  }
  let iscale = f(nmax / f(max - min));
  let scale = f(1 / iscale);
  let bestError = 0;
  for (let i = 0; i < n; i++) {
    const l = clamp(nearestInt(f(iscale * f(x[xOffset + i] - min))), 0, nmax);
    L[lOffset + i] = l;
    bestError = f(bestError + f(weights[i] * levelError(scale, l, min, x[xOffset + i], useMad)));
  }
  for (let is = 0; is <= nstep; ++is) {
    // `min` is the best fit so far, so each trial range starts from it (as in ggml).
    iscale = f(f(f(rmin + f(rdelta * is)) + nmax) / f(max - min));
    let sumL = 0;
    let sumL2 = 0;
    let sumXL = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOffset + i];
      const l = clamp(nearestInt(f(iscale * f(xi - min))), 0, nmax);
      auxLevels[i] = l;
      const w = weights[i];
      sumL = f(sumL + f(w * l));
      sumL2 = f(sumL2 + f(f(w * l) * l));
      sumXL = f(sumXL + f(f(w * l) * xi));
    }
    // Weighted least squares for x ~ scale * l + m over the n points.
    const D = f(f(sumW * sumL2) - f(sumL * sumL));
    if (D > 0) {
      let thisScale = f(f(f(sumW * sumXL) - f(sumX * sumL)) / D);
      let thisMin = f(f(f(sumL2 * sumX) - f(sumL * sumXL)) / D);
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = f(sumXL / sumL2);
      }
      let curError = 0;
      for (let i = 0; i < n; i++) {
        curError = f(
          curError + f(weights[i] * levelError(thisScale, auxLevels[i], thisMin, x[xOffset + i], useMad)),
        );
      }
      if (curError < bestError) {
        for (let i = 0; i < n; i++) L[lOffset + i] = auxLevels[i];
        bestError = curError;
        scale = thisScale;
        min = thisMin;
      }
    }
  }
  out.scale = scale;
  out.min = -min;
}

/** `|scale * l + m - x|` or its square, in f32. */
function levelError(scale: number, l: number, m: number, x: number, useMad: boolean): number {
  const diff = f(f(f(scale * l) + m) - x);
  return useMad ? Math.abs(diff) : f(diff * diff);
}
