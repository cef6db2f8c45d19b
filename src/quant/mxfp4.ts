/**
 * MXFP4, the OCP microscaling 4-bit float format (used by gpt-oss).
 *
 * A block of 32 elements is `{ u8 e; u8 qs[16] }`: one shared power-of-two scale stored as an E8M0 exponent
 * byte, and 32 four-bit E2M1 floats (sign, 2 exponent bits, 1 mantissa bit) whose magnitudes are
 * 0, 0.5, 1, 1.5, 2, 3, 4, 6. ggml keeps the E2M1 values doubled as integers (`kvalues_mxfp4`) and halves the
 * scale instead, so value = KVALUES_MXFP4[nibble] * 2^(e - 128). Byte j holds element j (low nibble) and
 * element j + 16 (high nibble).
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readI8 } from "./block_fields.ts";

const fround = Math.fround;

/** The 16 E2M1 values, doubled to integers (`kvalues_mxfp4`): index bit 3 is the sign. */
export const KVALUES_MXFP4: Readonly<Int8Array> = Int8Array.of(
  0,
  1,
  2,
  3,
  4,
  6,
  8,
  12,
  0,
  -1,
  -2,
  -3,
  -4,
  -6,
  -8,
  -12,
);

/**
 * Half the value of an E8M0 exponent byte, 2^(e - 128) (`GGML_E8M0_TO_FP32_HALF`): the halving undoes the
 * doubling of {@link KVALUES_MXFP4}. Exact for every byte (e = 0 and 1 give f32 subnormals).
 */
export function e8m0ToHalfScale(e: number): number {
  return 2 ** (e - 128);
}

/** Index of the entry of {@link KVALUES_MXFP4} whose scaled value is nearest to `x` (first one on ties). */
function nearestE2m1(x: number, d: number): number {
  let best = 0;
  let bestErr = Math.abs(fround(KVALUES_MXFP4[0] * d) - x);
  for (let i = 1; i < 16; i++) {
    const err = Math.abs(fround(fround(KVALUES_MXFP4[i] * d) - x));
    if (err < bestErr) {
      best = i;
      bestErr = err;
    }
  }
  return best;
}

/** MXFP4: 32 elements, `{ u8 e; u8 qs[16] }`, value = KVALUES_MXFP4[nibble] * 2^(e - 128). */
export const MXFP4_FORMAT: BlockFormat = {
  type: GgmlType.MXFP4,
  name: "MXFP4",
  blockSize: 32,
  typeSize: 17,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / 32; b++) {
      const o = srcOffset + b * 17;
      const y = dstOffset + b * 32;
      const d = e8m0ToHalfScale(src[o]);
      for (let j = 0; j < 16; j++) {
        const q = src[o + 1 + j];
        dst[y + j] = KVALUES_MXFP4[q & 0x0f] * d;
        dst[y + j + 16] = KVALUES_MXFP4[q >> 4] * d;
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.MXFP4);
    for (let b = 0; b < n / 32; b++) {
      const x = srcOffset + b * 32;
      const o = dstOffset + b * 17;
      let amax = 0;
      for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(src[x + j]));
      // The largest E2M1 magnitude is 6 = 1.5 * 2^2, so scale 2^(floor(log2 amax) - 2) keeps amax in range.
      // ggml computes log2 in f32; `(uint8_t)` of the float wraps on x86 for amax below 2^-125.
      const e = amax > 0 ? (Math.floor(fround(Math.log2(amax))) - 2 + 127) & 0xff : 0;
      const d = e8m0ToHalfScale(e);
      dst[o] = e;
      for (let j = 0; j < 16; j++) {
        dst[o + 1 + j] = nearestE2m1(src[x + j], d) | (nearestE2m1(src[x + j + 16], d) << 4);
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / 32; b++) {
      const wo = wOffset + b * 17;
      const ao = aOffset + b * 34;
      let sumi = 0;
      for (let j = 0; j < 16; j++) {
        const q = w[wo + 1 + j];
        sumi += KVALUES_MXFP4[q & 0x0f] * readI8(a, ao + 2 + j) +
          KVALUES_MXFP4[q >> 4] * readI8(a, ao + 18 + j);
      }
      sumf = fround(sumf + fround(fround(readF16(a, ao) * e8m0ToHalfScale(w[wo])) * sumi));
    }
    return sumf;
  },
};
