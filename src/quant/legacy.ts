/**
 * The "legacy" 32-element block formats: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and Q8_1.
 *
 * Each block holds 32 consecutive elements of a row: an f16 scale `d` (plus an f16 minimum `m` for the `_1`
 * types) followed by the packed integer quants. A value is recovered as `q * d` (`_0`: symmetric, q centered on
 * zero) or `q * d + m` (`_1`: affine, q >= 0). The 4- and 5-bit types store element j in the low nibble of
 * byte j and element j + 16 in the high nibble; Q5 keeps the fifth bits in a separate 32-bit mask.
 * `docs/quantization.md` draws each layout.
 *
 * The quantizers follow ggml's `quantize_row_*_ref` (what `llama-quantize` writes), computing in f32 exactly as
 * the C code does (`Math.fround` after every operation). Q8_0 and Q8_1 also convert activations the way
 * ggml's x86 AVX2 code does, which rounds differently from the weight quantizer (see `quantizeActivations`).
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readI8, readU32, writeF16, writeU32 } from "./block_fields.ts";
import { roundHalfAwayFromZero } from "./rounding.ts";
import { nearestInt } from "./k_quant_search.ts";

const fround = Math.fround;

/** Elements per block of every format in this module. */
const QK = 32;
const HALF = QK / 2;

/** The element of largest magnitude in a block, sign kept (the first one on ties), as ggml's `amax` loops pick it. */
function signedAbsMax(src: Float32Array, offset: number): number {
  let amax = 0;
  let max = 0;
  for (let j = 0; j < QK; j++) {
    const v = src[offset + j];
    if (amax < Math.abs(v)) {
      amax = Math.abs(v);
      max = v;
    }
  }
  return max;
}

/** The largest magnitude in a block. */
function absMax(src: Float32Array, offset: number): number {
  let amax = 0;
  for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(src[offset + j]));
  return amax;
}

/** Q4_0: `{ f16 d; u8 qs[16] }`, value = (nibble - 8) * d. */
export const Q4_0_FORMAT: BlockFormat = {
  type: GgmlType.Q4_0,
  name: "Q4_0",
  blockSize: QK,
  typeSize: 18,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 18;
      const y = dstOffset + b * QK;
      const d = readF16(src, o);
      for (let j = 0; j < HALF; j++) {
        const q = src[o + 2 + j];
        dst[y + j] = ((q & 0x0f) - 8) * d;
        dst[y + j + HALF] = ((q >> 4) - 8) * d;
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q4_0);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 18;
      // The signed extreme maps to -8 exactly, so the block uses the asymmetric end of [-8, 7] for it.
      const d = fround(signedAbsMax(src, x) / -8);
      const id = d ? fround(1 / d) : 0;
      writeF16(dst, o, d);
      for (let j = 0; j < HALF; j++) {
        // `(int8_t)(x*id + 8.5f)` truncates: floor for these non-negative values, i.e. round to nearest.
        const lo = Math.min(15, Math.trunc(fround(fround(src[x + j] * id) + 8.5)));
        const hi = Math.min(15, Math.trunc(fround(fround(src[x + j + HALF] * id) + 8.5)));
        dst[o + 2 + j] = lo | (hi << 4);
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 18;
      const ao = aOffset + b * 34;
      let sumi = 0;
      for (let j = 0; j < HALF; j++) {
        const q = w[wo + 2 + j];
        sumi += ((q & 0x0f) - 8) * readI8(a, ao + 2 + j) + ((q >> 4) - 8) * readI8(a, ao + 2 + j + HALF);
      }
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
    }
    return sumf;
  },
};

/** Q4_1: `{ f16 d; f16 m; u8 qs[16] }`, value = nibble * d + m. */
export const Q4_1_FORMAT: BlockFormat = {
  type: GgmlType.Q4_1,
  name: "Q4_1",
  blockSize: QK,
  typeSize: 20,
  vecDotType: GgmlType.Q8_1,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 20;
      const y = dstOffset + b * QK;
      const d = readF16(src, o);
      const m = readF16(src, o + 2);
      for (let j = 0; j < HALF; j++) {
        const q = src[o + 4 + j];
        dst[y + j] = fround((q & 0x0f) * d) + m;
        dst[y + j + HALF] = fround((q >> 4) * d) + m;
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q4_1);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 20;
      const [min, max] = minMax(src, x);
      const d = fround(fround(max - min) / 15);
      const id = d ? fround(1 / d) : 0;
      writeF16(dst, o, d);
      writeF16(dst, o + 2, min);
      for (let j = 0; j < HALF; j++) {
        const lo = Math.min(15, Math.trunc(fround(fround(fround(src[x + j] - min) * id) + 0.5)));
        const hi = Math.min(15, Math.trunc(fround(fround(fround(src[x + j + HALF] - min) * id) + 0.5)));
        dst[o + 4 + j] = lo | (hi << 4);
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    // As ggml's AVX2 kernel: the d*d*sum(q*q) terms and the m*s terms are summed separately, then added.
    let sumf = 0;
    let summs = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 20;
      const ao = aOffset + b * 36;
      let sumi = 0;
      for (let j = 0; j < HALF; j++) {
        const q = w[wo + 4 + j];
        sumi += (q & 0x0f) * readI8(a, ao + 4 + j) + (q >> 4) * readI8(a, ao + 4 + j + HALF);
      }
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
      summs = fround(summs + fround(readF16(w, wo + 2) * readF16(a, ao + 2)));
    }
    return fround(sumf + summs);
  },
};

/** Smallest and largest element of a block, starting from +/-FLT_MAX as ggml does. */
function minMax(src: Float32Array, offset: number): [number, number] {
  let min = 3.4028234663852886e38;
  let max = -3.4028234663852886e38;
  for (let j = 0; j < QK; j++) {
    const v = src[offset + j];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** The 5-bit quant of element j of a Q5 block: its nibble plus the fifth bit from the `qh` mask. */
function q5Value(block: Uint8Array, qsOffset: number, qh: number, j: number): number {
  const nibble = j < HALF ? block[qsOffset + j] & 0x0f : block[qsOffset + j - HALF] >> 4;
  return nibble | (((qh >>> j) & 1) << 4);
}

/** Q5_0: `{ f16 d; u32 qh; u8 qs[16] }`, value = (5-bit q - 16) * d. */
export const Q5_0_FORMAT: BlockFormat = {
  type: GgmlType.Q5_0,
  name: "Q5_0",
  blockSize: QK,
  typeSize: 22,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 22;
      const y = dstOffset + b * QK;
      const d = readF16(src, o);
      const qh = readU32(src, o + 2);
      for (let j = 0; j < QK; j++) dst[y + j] = (q5Value(src, o + 6, qh, j) - 16) * d;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q5_0);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 22;
      const d = fround(signedAbsMax(src, x) / -16);
      const id = d ? fround(1 / d) : 0;
      writeF16(dst, o, d);
      let qh = 0;
      for (let j = 0; j < HALF; j++) {
        const lo = Math.min(31, Math.trunc(fround(fround(src[x + j] * id) + 16.5)));
        const hi = Math.min(31, Math.trunc(fround(fround(src[x + j + HALF] * id) + 16.5)));
        dst[o + 6 + j] = (lo & 0x0f) | ((hi & 0x0f) << 4);
        qh |= ((lo >> 4) << j) | ((hi >> 4) << (j + HALF));
      }
      writeU32(dst, o + 2, qh >>> 0);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 22;
      const ao = aOffset + b * 34;
      const qh = readU32(w, wo + 2);
      let sumi = 0;
      for (let j = 0; j < QK; j++) sumi += (q5Value(w, wo + 6, qh, j) - 16) * readI8(a, ao + 2 + j);
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
    }
    return sumf;
  },
};

/** Q5_1: `{ f16 d; f16 m; u32 qh; u8 qs[16] }`, value = 5-bit q * d + m. */
export const Q5_1_FORMAT: BlockFormat = {
  type: GgmlType.Q5_1,
  name: "Q5_1",
  blockSize: QK,
  typeSize: 24,
  vecDotType: GgmlType.Q8_1,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 24;
      const y = dstOffset + b * QK;
      const d = readF16(src, o);
      const m = readF16(src, o + 2);
      const qh = readU32(src, o + 4);
      for (let j = 0; j < QK; j++) dst[y + j] = fround(q5Value(src, o + 8, qh, j) * d) + m;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q5_1);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 24;
      const [min, max] = minMax(src, x);
      const d = fround(fround(max - min) / 31);
      const id = d ? fround(1 / d) : 0;
      writeF16(dst, o, d);
      writeF16(dst, o + 2, min);
      let qh = 0;
      for (let j = 0; j < HALF; j++) {
        // No clamp here in ggml: (x - min) * id <= 31 up to rounding, so + 0.5 truncates to at most 31.
        const lo = Math.trunc(fround(fround(fround(src[x + j] - min) * id) + 0.5));
        const hi = Math.trunc(fround(fround(fround(src[x + j + HALF] - min) * id) + 0.5));
        dst[o + 8 + j] = (lo & 0x0f) | ((hi & 0x0f) << 4);
        qh |= (((lo >> 4) & 1) << j) | (((hi >> 4) & 1) << (j + HALF));
      }
      writeU32(dst, o + 4, qh >>> 0);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    let summs = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 24;
      const ao = aOffset + b * 36;
      const qh = readU32(w, wo + 4);
      let sumi = 0;
      for (let j = 0; j < QK; j++) sumi += q5Value(w, wo + 8, qh, j) * readI8(a, ao + 4 + j);
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
      summs = fround(summs + fround(readF16(w, wo + 2) * readF16(a, ao + 2)));
    }
    return fround(sumf + summs);
  },
};

/**
 * Writes the 32 int8 quants of one Q8 block at `qsOffset` and returns their sum. `scale` multiplies each
 * element (in f32) and `round` turns the product into an integer: the reference weight quantizer passes
 * `1/d` and `roundf`, the AVX2 activation quantizer `127/amax` and round-half-to-even.
 */
function writeQ8Quants(
  src: Float32Array,
  x: number,
  scale: number,
  round: (v: number) => number,
  dst: Uint8Array,
  qsOffset: number,
): number {
  let sum = 0;
  for (let j = 0; j < QK; j++) {
    const q = round(fround(src[x + j] * scale));
    dst[qsOffset + j] = q & 0xff;
    sum += q;
  }
  return sum;
}

/** The f32 scale `d = amax / 127` of a Q8 block. */
function q8Scale(amax: number): number {
  return fround(amax / 127);
}

/** Q8_0: `{ f16 d; i8 qs[32] }`, value = q * d. Also the activation partner of most 32-element formats. */
export const Q8_0_FORMAT: BlockFormat = {
  type: GgmlType.Q8_0,
  name: "Q8_0",
  blockSize: QK,
  typeSize: 34,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 34;
      const d = readF16(src, o);
      for (let j = 0; j < QK; j++) dst[dstOffset + b * QK + j] = readI8(src, o + 2 + j) * d;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q8_0);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 34;
      const d = q8Scale(absMax(src, x));
      writeF16(dst, o, d);
      writeQ8Quants(src, x, d ? fround(1 / d) : 0, roundHalfAwayFromZero, dst, o + 2);
    }
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    // AVX2 `quantize_row_q8_0`: multiply by 127/amax (not by 1/d) and round halves to even.
    for (let b = 0; b < n / QK; b++) {
      const xb = xOffset + b * QK;
      const o = dstOffset + b * 34;
      const amax = absMax(x, xb);
      writeF16(dst, o, q8Scale(amax));
      writeQ8Quants(x, xb, amax !== 0 ? fround(127 / amax) : 0, nearestInt, dst, o + 2);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 34;
      const ao = aOffset + b * 34;
      let sumi = 0;
      for (let j = 0; j < QK; j++) sumi += readI8(w, wo + 2 + j) * readI8(a, ao + 2 + j);
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
    }
    return sumf;
  },
};

/**
 * Q8_1: `{ f16 d; f16 s; i8 qs[32] }`, value = q * d, with `s = d * sum(q)` precomputed so that the affine
 * formats (Q4_1, Q5_1) can add their minimum's contribution `m * s` without a second pass over the quants.
 */
export const Q8_1_FORMAT: BlockFormat = {
  type: GgmlType.Q8_1,
  name: "Q8_1",
  blockSize: QK,
  typeSize: 36,
  vecDotType: GgmlType.Q8_1,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK; b++) {
      const o = srcOffset + b * 36;
      const d = readF16(src, o);
      for (let j = 0; j < QK; j++) dst[dstOffset + b * QK + j] = readI8(src, o + 4 + j) * d;
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q8_1);
    for (let b = 0; b < n / QK; b++) {
      const x = srcOffset + b * QK;
      const o = dstOffset + b * 36;
      const d = q8Scale(absMax(src, x));
      writeF16(dst, o, d);
      const sum = writeQ8Quants(src, x, d ? fround(1 / d) : 0, roundHalfAwayFromZero, dst, o + 4);
      writeF16(dst, o + 2, fround(sum * d));
    }
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    // AVX2 `quantize_row_q8_1`: as Q8_0's activations, plus s = d * sum(q) with d still in f32.
    for (let b = 0; b < n / QK; b++) {
      const xb = xOffset + b * QK;
      const o = dstOffset + b * 36;
      const amax = absMax(x, xb);
      const d = q8Scale(amax);
      writeF16(dst, o, d);
      const sum = writeQ8Quants(x, xb, amax !== 0 ? fround(127 / amax) : 0, nearestInt, dst, o + 4);
      writeF16(dst, o + 2, fround(d * sum));
    }
  },
  /** ggml never stores Q8_1 weights; this dot of two Q8_1 rows completes the interface for tests and tools. */
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK; b++) {
      const wo = wOffset + b * 36;
      const ao = aOffset + b * 36;
      let sumi = 0;
      for (let j = 0; j < QK; j++) sumi += readI8(w, wo + 4 + j) * readI8(a, ao + 4 + j);
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
    }
    return sumf;
  },
};

/** The formats of this module, for the registry. */
export const LEGACY_FORMATS: readonly BlockFormat[] = [
  Q4_0_FORMAT,
  Q4_1_FORMAT,
  Q5_0_FORMAT,
  Q5_1_FORMAT,
  Q8_0_FORMAT,
  Q8_1_FORMAT,
];
