/**
 * `linear`: the engine's one matrix product, `out[i] = W . x[i] (+ bias)`, as ggml's CPU backend computes it.
 *
 * For each input row, the activations are first converted to the weight format's `vec_dot_type` (f32 for F32
 * weights, f16 for F16, Q8_0 blocks for Q4_0, ...), then each output element is that format's dot product of
 * one weight row with the converted row. The conversion is what llama.cpp does too, and why quantized logits
 * agree with it to ~1e-6 instead of ~1e-1.
 *
 * @module
 */

import type { BlockFormat } from "../quant/format.ts";
import { blockFormat, rowBytes } from "../quant/mod.ts";

/** A weight matrix as the reference ops see it: raw bytes of `rows` rows of `cols` elements. */
export interface MatrixView {
  /** Storage format of the rows. */
  readonly format: BlockFormat;
  /** Raw bytes, row-major. */
  readonly bytes: Uint8Array;
  /** Elements per row (ggml `ne[0]`). */
  readonly cols: number;
  /** Number of rows (ggml `ne[1]`). */
  readonly rows: number;
}

/**
 * Bytes of scratch {@link linear} needs to convert one activation row of `cols` elements for `format`.
 * Allocate once, at load time, for the widest matrix.
 */
export function linearScratchBytes(format: BlockFormat, cols: number): number {
  const dotType = blockFormat(format.vecDotType)!;
  return rowBytes(dotType.type, cols);
}

/**
 * `out[i * rows + r] = dot(W[rowOffset + r], x[i]) + bias[r]` for `i < n`, `r < rows`, where `x[i]` is the
 * `i`-th row of `cols` elements. `scratch` holds the converted activation row
 * (see {@link linearScratchBytes}).
 */
export function linear(
  out: Float32Array,
  x: Float32Array,
  w: MatrixView,
  n: number,
  rowOffset: number,
  rows: number,
  bias: Float32Array | undefined,
  scratch: Uint8Array,
): void {
  const dotFormat = blockFormat(w.format.vecDotType)!;
  const wRowBytes = rowBytes(w.format.type, w.cols);
  for (let i = 0; i < n; i++) {
    dotFormat.quantizeActivations!(x, i * w.cols, scratch, 0, w.cols);
    for (let r = 0; r < rows; r++) {
      const dot = Math.fround(w.format.vecDot(w.cols, w.bytes, (rowOffset + r) * wRowBytes, scratch, 0));
      // llama.cpp adds a bias as a separate f32 op after the product.
      out[i * rows + r] = bias ? dot + bias[r] : dot;
    }
  }
}

/** Dequantizes row `row` of `w` into `out[outOffset..outOffset + cols]` (an embedding lookup). */
export function dequantizeRow(w: MatrixView, row: number, out: Float32Array, outOffset: number): void {
  w.format.dequantize(w.bytes, row * rowBytes(w.format.type, w.cols), out, outOffset, w.cols);
}
