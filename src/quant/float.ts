/**
 * The unquantized formats: F32, F16 and BF16 (one element per "block").
 *
 * ggml rounds activations to the weight's float type before a dot product: F16 weights meet activations
 * rounded to f16 (round to nearest even), BF16 weights meet bf16-rounded activations. The products are then
 * accumulated in f32/f64, so only the rounding of the inputs matters at our tolerances.
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import type { BlockFormat } from "./format.ts";

function f32View(bytes: Uint8Array, byteOffset: number, n: number): Float32Array {
  return new Float32Array(bytes.buffer, bytes.byteOffset + byteOffset, n);
}

function u16View(bytes: Uint8Array, byteOffset: number, n: number): Uint16Array {
  return new Uint16Array(bytes.buffer, bytes.byteOffset + byteOffset, n);
}

const f16Scratch = new Float16Array(1);
const f16Bits = new Uint16Array(f16Scratch.buffer);
const f32Scratch = new Float32Array(1);
const f32Bits = new Uint32Array(f32Scratch.buffer);

/** IEEE half (binary16) bits to a number. */
export function f16BitsToNumber(bits: number): number {
  f16Bits[0] = bits;
  return f16Scratch[0];
}

/** A number rounded to the nearest IEEE half (ties to even), as bits. */
export function numberToF16Bits(value: number): number {
  f16Scratch[0] = value;
  return f16Bits[0];
}

/** bfloat16 bits to a number. */
export function bf16BitsToNumber(bits: number): number {
  f32Bits[0] = bits << 16;
  return f32Scratch[0];
}

/** A number rounded to bfloat16 as ggml's `ggml_compute_fp32_to_bf16` does (ties to even; NaN kept quiet). */
export function numberToBf16Bits(value: number): number {
  f32Scratch[0] = value;
  const u = f32Bits[0];
  if ((u & 0x7fffffff) > 0x7f800000) return ((u >>> 16) | 64) & 0xffff; // quiet NaN
  return ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16) & 0xffff;
}

/** F32: plain IEEE single precision. */
export const F32_FORMAT: BlockFormat = {
  type: GgmlType.F32,
  name: "F32",
  blockSize: 1,
  typeSize: 4,
  vecDotType: GgmlType.F32,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    dst.set(f32View(src, srcOffset, n), dstOffset);
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    f32View(dst, dstOffset, n).set(src.subarray(srcOffset, srcOffset + n));
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    f32View(dst, dstOffset, n).set(x.subarray(xOffset, xOffset + n));
  },
  vecDot(n, w, wOffset, a, aOffset) {
    const wf = f32View(w, wOffset, n);
    const af = f32View(a, aOffset, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += wf[i] * af[i];
    return sum;
  },
};

/** F16: IEEE half precision; activations are rounded to f16 before the dot product. */
export const F16_FORMAT: BlockFormat = {
  type: GgmlType.F16,
  name: "F16",
  blockSize: 1,
  typeSize: 2,
  vecDotType: GgmlType.F16,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    dst.set(new Float16Array(src.buffer, src.byteOffset + srcOffset, n), dstOffset);
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    new Float16Array(dst.buffer, dst.byteOffset + dstOffset, n).set(src.subarray(srcOffset, srcOffset + n));
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    new Float16Array(dst.buffer, dst.byteOffset + dstOffset, n).set(x.subarray(xOffset, xOffset + n));
  },
  vecDot(n, w, wOffset, a, aOffset) {
    const wh = new Float16Array(w.buffer, w.byteOffset + wOffset, n);
    const ah = new Float16Array(a.buffer, a.byteOffset + aOffset, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += wh[i] * ah[i];
    return sum;
  },
};

/** BF16: the upper half of an f32; activations are rounded to bf16 before the dot product. */
export const BF16_FORMAT: BlockFormat = {
  type: GgmlType.BF16,
  name: "BF16",
  blockSize: 1,
  typeSize: 2,
  vecDotType: GgmlType.BF16,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    const bits = u16View(src, srcOffset, n);
    for (let i = 0; i < n; i++) dst[dstOffset + i] = bf16BitsToNumber(bits[i]);
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    const bits = u16View(dst, dstOffset, n);
    for (let i = 0; i < n; i++) bits[i] = numberToBf16Bits(src[srcOffset + i]);
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    BF16_FORMAT.quantize!(x, xOffset, dst, dstOffset, n);
  },
  vecDot(n, w, wOffset, a, aOffset) {
    const wb = u16View(w, wOffset, n);
    const ab = u16View(a, aOffset, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += bf16BitsToNumber(wb[i]) * bf16BitsToNumber(ab[i]);
    return sum;
  },
};

/** The float formats, for the registry. */
export const FLOAT_FORMATS: readonly BlockFormat[] = [F32_FORMAT, F16_FORMAT, BF16_FORMAT];
