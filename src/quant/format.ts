/**
 * The contract every tensor storage format implements, from plain `F32` to the K-quants.
 *
 * ggml computes a product `W . x` of a weight row in format T with an activation row by first converting the
 * activation row to T's partner format, its `vec_dot_type` (`Q8_0`, `Q8_1`, `Q8_K`, `F16`, `BF16` or `F32`),
 * and then running T's dot-product kernel on the two rows of blocks. Reproducing that rounding is what makes
 * our logits agree with llama.cpp's to ~1e-6 rather than ~1e-1.
 *
 * @module
 */

import { type GgmlType, ggmlTypeName } from "../gguf/ggml_type.ts";
import { QuantError } from "../errors.ts";

/** One storage format: block layout, conversions and the ggml dot product. */
export interface BlockFormat {
  /** The ggml type id. */
  readonly type: GgmlType;
  /** Name as llama.cpp prints it. */
  readonly name: string;
  /** Elements per block. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly typeSize: number;
  /** Format the activations are converted to before {@link BlockFormat.vecDot}. */
  readonly vecDotType: GgmlType;
  /**
   * Decodes `n` elements (a multiple of `blockSize`) from `src` at byte `srcOffset` into `dst` at `dstOffset`.
   */
  dequantize(src: Uint8Array, srcOffset: number, dst: Float32Array, dstOffset: number, n: number): void;
  /**
   * ggml's reference quantizer for weights (what `llama-quantize` writes without an importance matrix):
   * encodes `n` elements (a multiple of `blockSize`) of `src` at `srcOffset` into `dst` at byte `dstOffset`.
   * Throws a `QuantError` on NaN or infinite input. Absent for formats that only serve as `vec_dot_type`.
   */
  quantize?(src: Float32Array, srcOffset: number, dst: Uint8Array, dstOffset: number, n: number): void;
  /**
   * ggml's dot product of `n` elements: a weight row in this format at `w[wOffset..]` with an activation row in
   * {@link BlockFormat.vecDotType} format at `a[aOffset..]` (as produced by `quantizeActivations`).
   */
  vecDot(n: number, w: Uint8Array, wOffset: number, a: Uint8Array, aOffset: number): number;
  /**
   * Present on formats that serve as a `vec_dot_type` (F32, F16, BF16, Q8_0, Q8_1, Q8_K): converts `n` f32
   * activations into this format exactly as ggml's x86 CPU backend does before a dot product (which for the
   * Q8 types differs from the weight quantizer: see `golden/README.md`).
   */
  quantizeActivations?(x: Float32Array, xOffset: number, dst: Uint8Array, dstOffset: number, n: number): void;
}

/**
 * Throws a `QuantError` naming the format and element index if any of `n` values of `src` from `srcOffset` is
 * NaN or infinite: quantizers refuse such input rather than write garbage blocks.
 */
export function assertFinite(src: Float32Array, srcOffset: number, n: number, type: GgmlType): void {
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(src[srcOffset + i])) {
      throw new QuantError(`cannot quantize a non-finite value to ${ggmlTypeName(type)}`, {
        context: { index: i, value: String(src[srcOffset + i]) },
      });
    }
  }
}
