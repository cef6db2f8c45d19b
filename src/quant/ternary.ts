/**
 * The ternary formats TQ1_0 and TQ2_0 (BitNet b1.58, TriLMs): every weight is -1, 0 or +1 times one f16 scale
 * `d` per 256-element block. They differ only in how the trits are packed:
 *
 * - TQ2_0 spends 2 bits per trit (`level + 1` in 0..2), laid out like Q2_K's quants: 66 bytes per block.
 * - TQ1_0 packs 5 trits into one byte (3^5 = 243 <= 256) for 1.6875 bits per weight: 54 bytes per block.
 *   The five trits t0..t4 form the base-3 number `q = t0 t1 t2 t3 t4` (t0 most significant), stored as the
 *   byte `ceil(q * 256 / 243)`: a fixed-point fraction q/243 of a turn. Multiplying the byte by 3 and keeping
 *   the top bits (`(b * 3) >> 8`) then yields t0; multiplying the byte by 3^n first (mod 256) shifts trit n to
 *   the top. The ceiling makes that truncation land on the right trit.
 *
 * Weights are quantized as ggml's `quantize_row_tqN_0_ref` does: `d = max |x|`, trit = `lroundf(x / d)`.
 * Both use Q8_K activations; the dot products are exact integer sums times `d_w * d_a`.
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readF32, readI8, writeF16 } from "./block_fields.ts";
import { roundHalfAwayFromZero } from "./rounding.ts";
import { pack2Bit, unpack2Bit } from "./k_quants.ts";

const f = Math.fround;

const QK_K = 256;
const Q8K_BYTES = 292;
const Q8K_QS = 4;

/** `d = max |x|` of one block and its f32 inverse (0 for an all-zero block), as both quantizers compute them. */
function ternaryScale(x: Float32Array, xo: number): [d: number, id: number] {
  let amax = 0;
  for (let j = 0; j < QK_K; j++) amax = Math.max(amax, Math.abs(x[xo + j]));
  return [amax, amax ? f(1 / amax) : 0];
}

/** The trit of `x * id` as 0, 1 or 2 (C `lroundf`: halves away from zero). */
function trit(x: number, id: number): number {
  return roundHalfAwayFromZero(f(x * id)) + 1;
}

// ---------------------------------------------------------------------------------------------------------
// TQ1_0: `{ u8 qs[48]; u8 qh[4]; f16 d }` (54 bytes).
//   qs[0..31]  : 5 trits each, elements m + 32n   (m < 32, n < 5): elements 0..159
//   qs[32..47] : 5 trits each, elements 160 + m + 16n (m < 16):     elements 160..239
//   qh[0..3]   : 4 trits each (5th trit 0), elements 240 + m + 4n:  elements 240..255
// ---------------------------------------------------------------------------------------------------------

const TQ1_BYTES = 54;
const TQ1_QH = 48;
const TQ1_D = 52;
const POW3 = [1, 3, 9, 27, 81, 243];

/** Trit `n` (0 = most significant) of a TQ1_0 byte, as 0..2. */
function tritOfByte(byte: number, n: number): number {
  return (((byte * POW3[n]) & 0xff) * 3) >> 8;
}

/** The level (-1, 0 or 1) of element `j` of the TQ1_0 block at `o`. */
function tq1Level(src: Uint8Array, o: number, j: number): number {
  if (j < 160) return tritOfByte(src[o + (j & 31)], j >> 5) - 1;
  if (j < 240) return tritOfByte(src[o + 32 + ((j - 160) & 15)], (j - 160) >> 4) - 1;
  return tritOfByte(src[o + TQ1_QH + ((j - 240) & 3)], (j - 240) >> 2) - 1;
}

/** Packs `count` trits of elements `first + stride * n` into one byte (see the module comment). */
function packTrits(x: Float32Array, first: number, stride: number, count: number, id: number): number {
  let q = 0;
  for (let n = 0; n < count; n++) q = q * 3 + trit(x[first + stride * n], id);
  if (count === 4) q *= 3; // the qh bytes hold 4 trits in the top positions
  return Math.floor((q * 256 + 242) / 243); // ceil(q * 256 / 243)
}

/** TQ1_0: ternary weights, five per byte (1.6875 bits per weight). */
export const TQ1_0_FORMAT: BlockFormat = {
  type: GgmlType.TQ1_0,
  name: "TQ1_0",
  blockSize: QK_K,
  typeSize: TQ1_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * TQ1_BYTES;
      const d = readF16(src, o + TQ1_D);
      for (let j = 0; j < QK_K; j++) dst[dstOffset + b * QK_K + j] = tq1Level(src, o, j) * d;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.TQ1_0);
    for (let b = 0; b < n / QK_K; b++) {
      const xo = srcOffset + b * QK_K;
      const o = dstOffset + b * TQ1_BYTES;
      const [d, id] = ternaryScale(src, xo);
      writeF16(dst, o + TQ1_D, d);
      for (let m = 0; m < 32; m++) dst[o + m] = packTrits(src, xo + m, 32, 5, id);
      for (let m = 0; m < 16; m++) dst[o + 32 + m] = packTrits(src, xo + 160 + m, 16, 5, id);
      for (let m = 0; m < 4; m++) dst[o + TQ1_QH + m] = packTrits(src, xo + 240 + m, 4, 4, id);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * TQ1_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      let sum = 0;
      for (let j = 0; j < QK_K; j++) sum += tq1Level(w, o, j) * readI8(a, ao + Q8K_QS + j);
      sumf = f(sumf + f(sum * f(readF16(w, o + TQ1_D) * readF32(a, ao))));
    }
    return sumf;
  },
};

// ---------------------------------------------------------------------------------------------------------
// TQ2_0: `{ u8 qs[64]; f16 d }` (66 bytes), `level + 1` in 2 bits, packed like Q2_K's quants.
// ---------------------------------------------------------------------------------------------------------

const TQ2_BYTES = 66;
const TQ2_D = 64;

const tritScratch = new Uint8Array(QK_K);

/** TQ2_0: ternary weights, 2 bits each (2.0625 bits per weight). */
export const TQ2_0_FORMAT: BlockFormat = {
  type: GgmlType.TQ2_0,
  name: "TQ2_0",
  blockSize: QK_K,
  typeSize: TQ2_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * TQ2_BYTES;
      const d = readF16(src, o + TQ2_D);
      for (let j = 0; j < QK_K; j++) dst[dstOffset + b * QK_K + j] = (unpack2Bit(src, o, j) - 1) * d;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.TQ2_0);
    for (let b = 0; b < n / QK_K; b++) {
      const xo = srcOffset + b * QK_K;
      const o = dstOffset + b * TQ2_BYTES;
      const [d, id] = ternaryScale(src, xo);
      writeF16(dst, o + TQ2_D, d);
      for (let j = 0; j < QK_K; j++) tritScratch[j] = trit(src[xo + j], id);
      pack2Bit(tritScratch, dst, o);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * TQ2_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      let sumi = 0;
      for (let j = 0; j < QK_K; j++) sumi += readI8(a, ao + Q8K_QS + j) * (unpack2Bit(w, o, j) - 1);
      sumf = f(sumf + f(sumi * f(readF32(a, ao) * readF16(w, o + TQ2_D))));
    }
    return sumf;
  },
};

/** The ternary formats, for the registry. */
export const TERNARY_FORMATS: readonly BlockFormat[] = [TQ1_0_FORMAT, TQ2_0_FORMAT];
