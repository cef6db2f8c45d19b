/**
 * Causal multi-head attention with grouped-query heads over an f32 KV cache.
 *
 * This is llama.cpp's non-flash path: `scores = K . q * scale`, optional soft-capping
 * `cap * tanh(s / cap)`, causal (and sliding-window) mask, softmax, then `out = V^T . weights`. Query head `h`
 * reads KV head `h / (nHead / nHeadKv)`; the model loader guarantees `nHeadKv >= 1` and
 * `nHead % nHeadKv == 0`, so the group size is a positive integer.
 *
 * @module
 */

import type { AttentionParams } from "../backend.ts";
import { softmax } from "./softmax.ts";

/** One layer's cache: `capacity` rows of `kvDim` keys and values. */
export interface LayerCache {
  /** Keys, `[capacity, kvDim]`. */
  readonly k: Float32Array;
  /** Values, `[capacity, kvDim]`. */
  readonly v: Float32Array;
}

/** Writes `n` key/value rows at positions `pos0..pos0+n-1` of a layer cache. */
export function storeKv(
  cache: LayerCache,
  k: Float32Array,
  v: Float32Array,
  pos0: number,
  n: number,
  kvDim: number,
) {
  cache.k.set(k.subarray(0, n * kvDim), pos0 * kvDim);
  cache.v.set(v.subarray(0, n * kvDim), pos0 * kvDim);
}

/**
 * For the `n` query rows of `q` (row i at position `pos0 + i`), attends over cached positions `0..pos0+i` and
 * writes `nHead * headDim` outputs per row into `out`. `scores` is scratch of at least `pos0 + n` floats.
 */
export function attention(
  out: Float32Array,
  q: Float32Array,
  cache: LayerCache,
  pos0: number,
  n: number,
  shape: AttentionParams,
  scores: Float32Array,
): void {
  const { nHead, nHeadKv, headDim, scale, softcap, window } = shape;
  const group = nHead / nHeadKv;
  const kvDim = nHeadKv * headDim;
  for (let i = 0; i < n; i++) {
    const pos = pos0 + i;
    const first = window > 0 ? Math.max(0, pos - window + 1) : 0;
    const count = pos + 1 - first;
    for (let h = 0; h < nHead; h++) {
      const qBase = (i * nHead + h) * headDim;
      const kvBase = Math.floor(h / group) * headDim;
      for (let t = 0; t < count; t++) {
        const kBase = (first + t) * kvDim + kvBase;
        let dot = 0;
        for (let d = 0; d < headDim; d++) dot += q[qBase + d] * cache.k[kBase + d];
        let s = Math.fround(dot);
        if (softcap > 0) s = Math.fround(softcap * Math.fround(Math.tanh(Math.fround(s * scale) / softcap)));
        else s = Math.fround(s * scale);
        scores[t] = s;
      }
      softmax(scores, 0, count);
      for (let d = 0; d < headDim; d++) {
        let acc = 0;
        for (let t = 0; t < count; t++) acc += scores[t] * cache.v[(first + t) * kvDim + kvBase + d];
        out[qBase + d] = acc;
      }
    }
  }
}
