/**
 * IQ3_S: 3.4375 bits per weight from a 512-point codebook ({@link IQ3S_GRID}).
 *
 * A 256-element block is 8 sub-blocks of 32. Every 4 consecutive weights are one codebook point (4 odd
 * magnitudes 1..15) chosen by a 9-bit index, with 4 separate sign bits; each sub-block has a 4-bit scale:
 *
 *     x = d * (1 + 2 * sc[s]) * grid[index][k] * (sign ? -1 : 1)
 *
 * Layout `{ f16 d; u8 qs[64]; u8 qh[8]; u8 signs[32]; u8 scales[4] }` (110 bytes). For sub-block `s`:
 * `qs[8s..8s+7]` are the low 8 bits of its 8 indices, bit `i` of `qh[s]` is the 9th bit of index `i`,
 * `signs[4s..4s+3]` hold one sign bit per weight (bit `k` of byte `l` for weight `8l + k`), and the scale is
 * nibble `s % 2` of `scales[s / 2]`.
 *
 * `dequantize` and `vecDot` follow ggml's `dequantize_row_iq3_s` and scalar `ggml_vec_dot_iq3_s_q8_K`.
 * There is no `quantize`: ggml's IQ3_S quantizer is a large neighbourhood search over the grid that this
 * engine does not need to run models (llama.cpp files arrive quantized).
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import type { BlockFormat } from "./format.ts";
import { readF16, readF32, readI8 } from "./block_fields.ts";
import { IQ3S_GRID } from "./iq3_s_grid.ts";

const f = Math.fround;

const QK_K = 256;
const IQ3S_BYTES = 110;
const QS = 2;
const QH = 66;
const SIGNS = 74;
const SCALES = 106;
const Q8K_BYTES = 292;
const Q8K_QS = 4;

/** Signed grid values (magnitude times sign) of one block, in element order. */
const values = new Int8Array(QK_K);

/** Decodes the signed grid values of the IQ3_S block at `o` into {@link values}. */
function unpackValues(src: Uint8Array, o: number): void {
  for (let s = 0; s < 8; s++) {
    const qh = src[o + QH + s];
    for (let i = 0; i < 8; i++) {
      const index = src[o + QS + 8 * s + i] | (((qh >> i) & 1) << 8);
      const point = IQ3S_GRID[index];
      const signs = src[o + SIGNS + 4 * s + (i >> 1)];
      for (let k = 0; k < 4; k++) {
        const j = 8 * (i >> 1) + 4 * (i & 1) + k; // weight within the sub-block
        const magnitude = (point >>> (8 * k)) & 0xff;
        values[32 * s + j] = (signs >> (j & 7)) & 1 ? -magnitude : magnitude;
      }
    }
  }
}

/** The odd scale multiplier `1 + 2 * sc` of sub-block `s`. */
function subBlockScale(src: Uint8Array, o: number, s: number): number {
  return 1 + 2 * ((src[o + SCALES + (s >> 1)] >> (4 * (s & 1))) & 0xf);
}

/** IQ3_S: codebook 3-bit weights (dequantize and dot product only; see the module comment). */
export const IQ3_S_FORMAT: BlockFormat = {
  type: GgmlType.IQ3_S,
  name: "IQ3_S",
  blockSize: QK_K,
  typeSize: IQ3S_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * IQ3S_BYTES;
      const d = readF16(src, o);
      unpackValues(src, o);
      for (let s = 0; s < 8; s++) {
        const db = f(d * subBlockScale(src, o, s));
        for (let j = 32 * s; j < 32 * s + 32; j++) dst[dstOffset + b * QK_K + j] = db * values[j];
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * IQ3S_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      unpackValues(w, o);
      let bsum = 0;
      for (let s = 0; s < 8; s++) {
        let sumi = 0;
        for (let j = 32 * s; j < 32 * s + 32; j++) sumi += values[j] * readI8(a, ao + Q8K_QS + j);
        bsum += sumi * subBlockScale(w, o, s);
      }
      sumf = f(sumf + f(f(readF16(w, o) * readF32(a, ao)) * bsum));
    }
    return sumf;
  },
};
