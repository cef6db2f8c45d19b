/**
 * Q1_0 and Q2_0, llama.cpp's newest and smallest block formats (1.125 and 2.25 bits per weight).
 *
 * - Q1_0: 128 elements, `{ f16 d; u8 qs[16] }`: one sign bit per element (bit j % 8 of byte j / 8), value =
 *   +d if the bit is set, -d otherwise; d is the mean magnitude of the block, which minimizes the expected error
 *   of a sign-only code.
 * - Q2_0: 64 elements, `{ f16 d; u8 qs[16] }`: a 2-bit code per element (bits 2(j % 4).. of byte j / 4), value
 *   = (code - 1) * d, i.e. one of -d, 0, d, 2d; d is the largest magnitude of the block.
 *
 * Both multiply with Q8_0 activations, 4 (Q1_0) or 2 (Q2_0) activation blocks per weight block.
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readI8, writeF16 } from "./block_fields.ts";
import { roundHalfAwayFromZero } from "./rounding.ts";

const fround = Math.fround;

/** Q1_0: 128 elements, `{ f16 d; u8 qs[16] }`, value = bit ? d : -d. */
export const Q1_0_FORMAT: BlockFormat = {
  type: GgmlType.Q1_0,
  name: "Q1_0",
  blockSize: 128,
  typeSize: 18,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / 128; b++) {
      const o = srcOffset + b * 18;
      const d = readF16(src, o);
      for (let j = 0; j < 128; j++) {
        dst[dstOffset + b * 128 + j] = (src[o + 2 + (j >> 3)] >> (j & 7)) & 1 ? d : -d;
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q1_0);
    for (let b = 0; b < n / 128; b++) {
      const x = srcOffset + b * 128;
      const o = dstOffset + b * 18;
      let sumAbs = 0;
      for (let j = 0; j < 128; j++) sumAbs = fround(sumAbs + Math.abs(src[x + j]));
      writeF16(dst, o, fround(sumAbs / 128));
      dst.fill(0, o + 2, o + 18);
      // `x >= 0` is also true for -0: negative zero gets the + sign.
      for (let j = 0; j < 128; j++) if (src[x + j] >= 0) dst[o + 2 + (j >> 3)] |= 1 << (j & 7);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / 128; b++) {
      const wo = wOffset + b * 18;
      // Each of the 4 activation blocks has its own scale: sum d_a * sum(+-q_a) in f32, then times d_w.
      let sumBlocks = 0;
      for (let k = 0; k < 4; k++) {
        const ao = aOffset + (b * 4 + k) * 34;
        let sumi = 0;
        for (let j = 0; j < 32; j++) {
          const bit = (w[wo + 2 + 4 * k + (j >> 3)] >> (j & 7)) & 1;
          sumi += bit ? readI8(a, ao + 2 + j) : -readI8(a, ao + 2 + j);
        }
        sumBlocks = fround(sumBlocks + fround(readF16(a, ao) * sumi));
      }
      sumf = fround(sumf + fround(readF16(w, wo) * sumBlocks));
    }
    return sumf;
  },
};

/** Q2_0: 64 elements, `{ f16 d; u8 qs[16] }`, value = (code - 1) * d. */
export const Q2_0_FORMAT: BlockFormat = {
  type: GgmlType.Q2_0,
  name: "Q2_0",
  blockSize: 64,
  typeSize: 18,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / 64; b++) {
      const o = srcOffset + b * 18;
      const d = readF16(src, o);
      for (let j = 0; j < 64; j++) {
        dst[dstOffset + b * 64 + j] = (((src[o + 2 + (j >> 2)] >> (2 * (j & 3))) & 3) - 1) * d;
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q2_0);
    for (let b = 0; b < n / 64; b++) {
      const x = srcOffset + b * 64;
      const o = dstOffset + b * 18;
      let amax = 0;
      for (let j = 0; j < 64; j++) amax = Math.max(amax, Math.abs(src[x + j]));
      const id = amax > 0 ? fround(1 / amax) : 0;
      writeF16(dst, o, amax);
      dst.fill(0, o + 2, o + 18);
      for (let j = 0; j < 64; j++) {
        // round(x / d) is in [-1, 1] since d = amax; code 3 (+2d) is never produced by this quantizer.
        const code = Math.max(0, Math.min(3, roundHalfAwayFromZero(fround(src[x + j] * id)) + 1));
        dst[o + 2 + (j >> 2)] |= code << (2 * (j & 3));
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / 64; b++) {
      const wo = wOffset + b * 18;
      let sumBlocks = 0;
      for (let k = 0; k < 2; k++) {
        const ao = aOffset + (b * 2 + k) * 34;
        let sumi = 0;
        for (let j = 0; j < 32; j++) {
          const code = (w[wo + 2 + 8 * k + (j >> 2)] >> (2 * (j & 3))) & 3;
          sumi += (code - 1) * readI8(a, ao + 2 + j);
        }
        sumBlocks = fround(sumBlocks + fround(readF16(a, ao) * sumi));
      }
      sumf = fround(sumf + fround(readF16(w, wo) * sumBlocks));
    }
    return sumf;
  },
};

/** The formats of this module, for the registry. */
export const Q1_Q2_FORMATS: readonly BlockFormat[] = [Q1_0_FORMAT, Q2_0_FORMAT];
