/**
 * The K-quants: 256-element super-blocks Q2_K, Q3_K, Q4_K, Q5_K and Q6_K, and their activation partner Q8_K.
 *
 * A super-block splits its 256 elements into groups (16 groups of 16 for Q2_K, Q3_K and Q6_K; 8 groups of 32
 * for Q4_K and Q5_K). Each element is stored as a small unsigned "level"; each group has a small integer
 * scale (and, for Q2_K, Q4_K and Q5_K, a small integer minimum), and the super-block has one f16 `d` (and one
 * f16 `dmin`) that turns those integers into floats:
 *
 *     symmetric (Q3_K, Q6_K):     x = d * scale[g] * level
 *     with minimum (Q2/Q4/Q5_K):  x = d * scale[g] * level - dmin * min[g]
 *
 * Every format below is written the same way: an `unpack` that decodes a block's levels and group scales
 * into scratch arrays (ggml's `aux8`/`utmp`), then `dequantize` and `vecDot` on top of them. The byte layouts
 * are drawn in `docs/quantization-k.md`.
 *
 * - `quantize` is ggml's `quantize_row_qN_K_ref` (what `llama-quantize` writes without an importance matrix),
 *   with its scale searches in `k_quant_search.ts`.
 * - `vecDot` is ggml's scalar `ggml_vec_dot_qN_K_q8_K`: exact integer sums, then the f32 accumulation in the
 *   same order (including the eight f32 lane sums of the Q3_K..Q6_K kernels).
 * - Q8_K rows come from {@link Q8_K_FORMAT}'s `quantizeActivations`. Their `bsums` (sums of 16 quants) let the
 *   minimum terms be computed as `dmin * min[g] * bsum` without touching the quants.
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readF32, readI8, writeF16, writeF32 } from "./block_fields.ts";
import {
  GROUP_MAX_EPS,
  makeQ3Quants,
  makeQkx2Quants,
  makeQxQuants,
  nearestInt,
  type ScaleMin,
} from "./k_quant_search.ts";

const f = Math.fround;

/** Elements per super-block. */
const QK_K = 256;

// ---------------------------------------------------------------------------------------------------------
// Q8_K: the activation format. `{ f32 d; i8 qs[256]; i16 bsums[16] }`, value = d * q.
// ---------------------------------------------------------------------------------------------------------

const Q8K_BYTES = 292;
const Q8K_QS = 4;
const Q8K_BSUMS = 260;

/** Reads `bsums[j]` (the sum of quants 16j..16j+15) of the Q8_K block at `offset`. */
function q8kBsum(a: Uint8Array, offset: number, j: number): number {
  const o = offset + Q8K_BSUMS + 2 * j;
  return ((a[o] | (a[o + 1] << 8)) << 16) >> 16;
}

/**
 * Q8_K: 256 int8 quants with an f32 scale and 16 partial sums. It only ever holds activations (llama.cpp
 * never stores weights in it), so it has no weight `quantize`; `quantizeActivations` is ggml's
 * `quantize_row_q8_K` (the scale maps the largest-magnitude element to -127, quants rounded half to even).
 */
export const Q8_K_FORMAT: BlockFormat = {
  type: GgmlType.Q8_K,
  name: "Q8_K",
  blockSize: QK_K,
  typeSize: Q8K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q8K_BYTES;
      const d = readF32(src, o);
      for (let j = 0; j < QK_K; j++) dst[dstOffset + b * QK_K + j] = d * readI8(src, o + Q8K_QS + j);
    }
  },
  quantizeActivations(x, xOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const xo = xOffset + b * QK_K;
      const o = dstOffset + b * Q8K_BYTES;
      let amax = 0;
      let max = 0;
      for (let j = 0; j < QK_K; j++) {
        const ax = Math.abs(x[xo + j]);
        if (ax > amax) {
          amax = ax;
          max = x[xo + j];
        }
      }
      if (!amax) {
        dst.fill(0, o, o + Q8K_BYTES);
        continue;
      }
      // -127 rather than -128 keeps every quant in [-127, 127] (ggml: "needed for IQ2_XXS").
      const iscale = f(-127 / max);
      for (let g = 0; g < QK_K / 16; g++) {
        let sum = 0;
        for (let j = 16 * g; j < 16 * g + 16; j++) {
          const q = Math.min(127, nearestInt(f(iscale * x[xo + j])));
          dst[o + Q8K_QS + j] = q & 0xff;
          sum += q;
        }
        dst[o + Q8K_BSUMS + 2 * g] = sum & 0xff;
        dst[o + Q8K_BSUMS + 2 * g + 1] = (sum >> 8) & 0xff;
      }
      writeF32(dst, o, f(1 / iscale));
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    // ggml has no Q8_K x Q8_K kernel (Q8_K is never a weight); this is the plain integer dot per block.
    let sumf = 0;
    for (let b = 0; b < n / QK_K; b++) {
      const wo = wOffset + b * Q8K_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      let sumi = 0;
      for (let j = 0; j < QK_K; j++) sumi += readI8(w, wo + Q8K_QS + j) * readI8(a, ao + Q8K_QS + j);
      sumf = f(sumf + f(f(readF32(w, wo) * readF32(a, ao)) * sumi));
    }
    return sumf;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Shared scratch: one block's unpacked levels and group scales (single-threaded, so module-level is safe).
// ---------------------------------------------------------------------------------------------------------

/** The signed levels of one block, in element order (ggml's `aux8`). */
const levels = new Int8Array(QK_K);
/** Per-group scales of one block (16 groups of 16, or 8 groups of 32). */
const groupScales = new Int32Array(16);
/** Per-group minimums of one block (Q2_K, Q4_K, Q5_K). */
const groupMins = new Int32Array(16);
/** ggml's `aux32`: the integer sums of the eight lanes (element index mod 8) of one block. */
const laneInts = new Int32Array(8);
/** ggml's `sums`: the f32 lane sums across blocks. */
const laneSums = new Float32Array(8);

/**
 * Adds one block to the eight f32 lane sums exactly as ggml's scalar Q3_K..Q6_K kernels do: lane `l` gets
 * `d * sum(scale[g] * level * q8)` over the elements with index = l (mod 8); `groupShift` is log2(group size).
 */
function addBlockToLanes(a: Uint8Array, q8Offset: number, groupShift: number, d: number): void {
  laneInts.fill(0);
  for (let j = 0; j < QK_K; j++) {
    laneInts[j & 7] += groupScales[j >> groupShift] * levels[j] * readI8(a, q8Offset + j);
  }
  for (let l = 0; l < 8; l++) laneSums[l] = f(laneSums[l] + f(d * f(laneInts[l])));
}

/** Sum of the eight lane sums, in lane order (the end of ggml's scalar kernels), added to `start`. */
function sumLanes(start: number): number {
  let sumf = start;
  for (let l = 0; l < 8; l++) sumf = f(sumf + laneSums[l]);
  return sumf;
}

/**
 * Stores 256 levels `L[j]` (0..3) four to a byte at `dst[qsOffset..+64]`: byte `32c + l` holds elements
 * `128c + 32s + l` at bits `2s` (the layout of Q2_K, Q3_K's low bits and TQ2_0).
 */
export function pack2Bit(L: Uint8Array, dst: Uint8Array, qsOffset: number): void {
  for (let j = 0; j < QK_K; j += 128) {
    for (let l = 0; l < 32; l++) {
      dst[qsOffset + j / 4 + l] = L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) |
        (L[j + l + 96] << 6);
    }
  }
}

/** The 2-bit field of element `j` (0..255) in a {@link pack2Bit} layout starting at `src[qsOffset]`. */
export function unpack2Bit(src: Uint8Array, qsOffset: number, j: number): number {
  const chunk = j >> 7; // which 128-element half
  const s = (j >> 5) & 3; // which bit pair
  return (src[qsOffset + 32 * chunk + (j & 31)] >> (2 * s)) & 3;
}

/** Quantizer scratch: levels, weights, and the group scales/minimums found by the searches. */
const L = new Uint8Array(QK_K);
const searchWeights = new Float32Array(32);
const foundScales = new Float32Array(16);
const foundMins = new Float32Array(16);
const scaleMin: ScaleMin = { scale: 0, min: 0 };

// ---------------------------------------------------------------------------------------------------------
// Q2_K: `{ u8 scales[16]; u8 qs[64]; f16 d; f16 dmin }` (84 bytes). Group g (16 elements) has a 4-bit scale
// (low nibble of scales[g]) and a 4-bit minimum (high nibble); x = d * sc * level - dmin * m, level 0..3.
// ---------------------------------------------------------------------------------------------------------

const Q2K_BYTES = 84;
const Q2K_QS = 16;
const Q2K_D = 80;

function unpackQ2K(src: Uint8Array, o: number): void {
  for (let g = 0; g < 16; g++) {
    groupScales[g] = src[o + g] & 0xf;
    groupMins[g] = src[o + g] >> 4;
  }
  for (let j = 0; j < QK_K; j++) levels[j] = unpack2Bit(src, o + Q2K_QS, j);
}

function quantizeQ2KBlock(x: Float32Array, xo: number, dst: Uint8Array, o: number): void {
  let maxScale = 0;
  let maxMin = 0;
  for (let g = 0; g < 16; g++) {
    for (let l = 0; l < 16; l++) searchWeights[l] = Math.abs(x[xo + 16 * g + l]);
    makeQkx2Quants(16, 3, x, xo + 16 * g, searchWeights, L, 16 * g, -0.5, f(0.1), 15, true, scaleMin);
    foundScales[g] = scaleMin.scale;
    foundMins[g] = scaleMin.min;
    if (scaleMin.scale > maxScale) maxScale = scaleMin.scale;
    if (scaleMin.min > maxMin) maxMin = scaleMin.min;
  }
  // The 16 group scales and minimums are themselves quantized to 4 bits against the largest of each.
  const q4scale = 15;
  if (maxScale > 0) {
    const iscale = f(q4scale / maxScale);
    for (let g = 0; g < 16; g++) dst[o + g] = nearestInt(f(iscale * foundScales[g])) & 0xff;
    writeF16(dst, o + Q2K_D, f(maxScale / q4scale));
  } else {
    dst.fill(0, o, o + 16);
    writeF16(dst, o + Q2K_D, 0);
  }
  if (maxMin > 0) {
    const iscale = f(q4scale / maxMin);
    for (let g = 0; g < 16; g++) {
      dst[o + g] = (dst[o + g] | (nearestInt(f(iscale * foundMins[g])) << 4)) & 0xff;
    }
    writeF16(dst, o + Q2K_D + 2, f(maxMin / q4scale));
  } else {
    writeF16(dst, o + Q2K_D + 2, 0);
  }
  // Re-round every element against the scales as they were stored (f16 d, 4-bit sc and m).
  const d = readF16(dst, o + Q2K_D);
  const dmin = readF16(dst, o + Q2K_D + 2);
  for (let g = 0; g < 16; g++) {
    const dg = f(d * (dst[o + g] & 0xf));
    if (!dg) continue;
    const mg = f(dmin * (dst[o + g] >> 4));
    for (let i = 16 * g; i < 16 * g + 16; i++) {
      L[i] = Math.max(0, Math.min(3, nearestInt(f(f(x[xo + i] + mg) / dg))));
    }
  }
  pack2Bit(L, dst, o + Q2K_QS);
}

/** Q2_K: 2-bit levels, 16 groups of 16 with 4-bit scales and minimums (2.625 bits per weight). */
export const Q2_K_FORMAT: BlockFormat = {
  type: GgmlType.Q2_K,
  name: "Q2_K",
  blockSize: QK_K,
  typeSize: Q2K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q2K_BYTES;
      const d = readF16(src, o + Q2K_D);
      const dmin = readF16(src, o + Q2K_D + 2);
      unpackQ2K(src, o);
      for (let j = 0; j < QK_K; j++) {
        const g = j >> 4;
        dst[dstOffset + b * QK_K + j] = f(f(d * groupScales[g]) * levels[j]) - f(dmin * groupMins[g]);
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q2_K);
    for (let b = 0; b < n / QK_K; b++) {
      quantizeQ2KBlock(src, srcOffset + b * QK_K, dst, dstOffset + b * Q2K_BYTES);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * Q2K_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      unpackQ2K(w, o);
      // The minimum term needs only the activation sums: sum_g m[g] * bsum[g].
      let summs = 0;
      for (let g = 0; g < 16; g++) summs += q8kBsum(a, ao, g) * groupMins[g];
      let isum = 0;
      for (let g = 0; g < 16; g++) {
        let isuml = 0;
        for (let j = 16 * g; j < 16 * g + 16; j++) isuml += levels[j] * readI8(a, ao + Q8K_QS + j);
        isum += groupScales[g] * isuml;
      }
      const yd = readF32(a, ao);
      const dall = f(yd * readF16(w, o + Q2K_D));
      const dmin = f(yd * readF16(w, o + Q2K_D + 2));
      sumf = f(sumf + f(f(dall * isum) - f(dmin * summs)));
    }
    return sumf;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Q3_K: `{ u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d }` (110 bytes). Level = 2 low bits (qs, as Q2_K)
// + a high bit (hmask), minus 4 when the high bit is clear: -4..3. 16 groups of 16 with 6-bit scales
// stored with a bias of 32: x = d * (sc - 32) * level.
// ---------------------------------------------------------------------------------------------------------

const Q3K_BYTES = 110;
const Q3K_QS = 32;
const Q3K_SCALES = 96;
const Q3K_D = 108;

/**
 * The 6-bit scale of group `g` (biased by 32) from Q3_K's 12 scale bytes: the low 4 bits are nibbles of bytes
 * 0..7 (groups 0..7 low nibble, 8..15 high nibble), the high 2 bits are bit pairs of bytes 8..11.
 */
function q3kScale(src: Uint8Array, scalesOffset: number, g: number): number {
  const low = g < 8 ? src[scalesOffset + g] & 0xf : src[scalesOffset + g - 8] >> 4;
  const high = (src[scalesOffset + 8 + (g % 4)] >> (2 * (g >> 2))) & 3;
  return low | (high << 4);
}

function unpackQ3K(src: Uint8Array, o: number): void {
  for (let g = 0; g < 16; g++) groupScales[g] = q3kScale(src, o + Q3K_SCALES, g) - 32;
  for (let j = 0; j < QK_K; j++) {
    // The high bits of elements j, j + 32, j + 64, ... share hmask byte j % 32, one bit per 32 elements.
    const high = (src[o + (j & 31)] >> (j >> 5)) & 1;
    levels[j] = unpack2Bit(src, o + Q3K_QS, j) - (high ? 0 : 4);
  }
}

function quantizeQ3KBlock(x: Float32Array, xo: number, dst: Uint8Array, o: number): void {
  let maxScale = 0;
  let amax = 0;
  for (let g = 0; g < 16; g++) {
    foundScales[g] = makeQ3Quants(16, 4, x, xo + 16 * g, L, 16 * g);
    const scale = Math.abs(foundScales[g]);
    if (scale > amax) {
      amax = scale;
      maxScale = foundScales[g];
    }
  }
  dst.fill(0, o, o + Q3K_BYTES);
  if (maxScale) {
    const iscale = f(-32 / maxScale);
    for (let g = 0; g < 16; g++) {
      const l = Math.max(-32, Math.min(31, (nearestInt(f(iscale * foundScales[g])) << 24) >> 24)) + 32;
      if (g < 8) dst[o + Q3K_SCALES + g] = l & 0xf;
      else dst[o + Q3K_SCALES + g - 8] |= (l & 0xf) << 4;
      dst[o + Q3K_SCALES + 8 + (g % 4)] |= (l >> 4) << (2 * (g >> 2));
    }
    writeF16(dst, o + Q3K_D, f(1 / iscale));
  }
  const d = readF16(dst, o + Q3K_D);
  for (let g = 0; g < 16; g++) {
    const dg = f(d * (q3kScale(dst, o + Q3K_SCALES, g) - 32));
    if (!dg) continue;
    for (let i = 16 * g; i < 16 * g + 16; i++) {
      L[i] = Math.max(-4, Math.min(3, nearestInt(f(x[xo + i] / dg)))) + 4;
    }
  }
  // Levels 4..7 set their high bit in hmask and keep the low two bits in qs.
  for (let j = 0; j < QK_K; j++) {
    if (L[j] > 3) {
      dst[o + (j & 31)] |= 1 << (j >> 5);
      L[j] -= 4;
    }
  }
  pack2Bit(L, dst, o + Q3K_QS);
}

/** Q3_K: 3-bit levels, 16 groups of 16 with 6-bit signed scales (3.4375 bits per weight). */
export const Q3_K_FORMAT: BlockFormat = {
  type: GgmlType.Q3_K,
  name: "Q3_K",
  blockSize: QK_K,
  typeSize: Q3K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q3K_BYTES;
      const d = readF16(src, o + Q3K_D);
      unpackQ3K(src, o);
      for (let j = 0; j < QK_K; j++) dst[dstOffset + b * QK_K + j] = f(d * groupScales[j >> 4]) * levels[j];
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q3_K);
    for (let b = 0; b < n / QK_K; b++) {
      quantizeQ3KBlock(src, srcOffset + b * QK_K, dst, dstOffset + b * Q3K_BYTES);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    laneSums.fill(0);
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * Q3K_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      unpackQ3K(w, o);
      addBlockToLanes(a, ao + Q8K_QS, 4, f(readF16(w, o + Q3K_D) * readF32(a, ao)));
    }
    return sumLanes(0);
  },
};

// ---------------------------------------------------------------------------------------------------------
// Q4_K and Q5_K share their header: `{ f16 d; f16 dmin; u8 scales[12]; ... }`, 8 groups of 32 elements
// with 6-bit scales and 6-bit minimums packed into the 12 bytes (ggml's `get_scale_min_k4`).
// ---------------------------------------------------------------------------------------------------------

const K4_SCALES = 4;

/**
 * Unpacks the eight 6-bit scales and minimums of a Q4_K/Q5_K block. Groups 0..3 keep them in the low 6 bits
 * of bytes 0..3 (scales) and 4..7 (minimums); groups 4..7 keep their low 4 bits in the nibbles of bytes 8..11
 * and their top 2 bits in the spare top bits of bytes 0..3 (scales) and 4..7 (minimums).
 */
function unpackK4ScalesMins(src: Uint8Array, o: number): void {
  const q = o + K4_SCALES;
  for (let g = 0; g < 8; g++) {
    if (g < 4) {
      groupScales[g] = src[q + g] & 63;
      groupMins[g] = src[q + g + 4] & 63;
    } else {
      groupScales[g] = (src[q + g + 4] & 0xf) | ((src[q + g - 4] >> 6) << 4);
      groupMins[g] = (src[q + g + 4] >> 4) | ((src[q + g] >> 6) << 4);
    }
  }
}

/** Packs 6-bit scale `ls` and minimum `lm` of group `g` into the 12 scale bytes (inverse of the above). */
function packK4ScaleMin(dst: Uint8Array, o: number, g: number, ls: number, lm: number): void {
  const q = o + K4_SCALES;
  if (g < 4) {
    dst[q + g] = ls;
    dst[q + g + 4] = lm;
  } else {
    dst[q + g + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
    dst[q + g - 4] |= (ls >> 4) << 6;
    dst[q + g] |= (lm >> 4) << 6;
  }
}

/**
 * The shared part of `quantize_row_q4_K_ref` and `quantize_row_q5_K_ref` for one block: fits a scale and a
 * minimum per group of 32 (weights `rms(x) + |x|`), quantizes those to 6 bits against the largest ones,
 * then re-rounds every element to `0..nmax` against the stored scales. Leaves the levels in `L`.
 */
function quantizeK4Header(
  x: Float32Array,
  xo: number,
  dst: Uint8Array,
  o: number,
  nmax: number,
  rmin: number,
  nstep: number,
): void {
  let maxScale = 0;
  let maxMin = 0;
  for (let g = 0; g < 8; g++) {
    const gx = xo + 32 * g;
    let sumX2 = 0;
    for (let l = 0; l < 32; l++) sumX2 = f(sumX2 + f(x[gx + l] * x[gx + l]));
    const avX = f(Math.sqrt(f(sumX2 / 32)));
    for (let l = 0; l < 32; l++) searchWeights[l] = f(avX + Math.abs(x[gx + l]));
    makeQkx2Quants(32, nmax, x, gx, searchWeights, L, 32 * g, rmin, f(0.1), nstep, false, scaleMin);
    foundScales[g] = scaleMin.scale;
    foundMins[g] = scaleMin.min;
    if (scaleMin.scale > maxScale) maxScale = scaleMin.scale;
    if (scaleMin.min > maxMin) maxMin = scaleMin.min;
  }
  const invScale = maxScale > 0 ? f(63 / maxScale) : 0;
  const invMin = maxMin > 0 ? f(63 / maxMin) : 0;
  dst.fill(0, o + K4_SCALES, o + K4_SCALES + 12);
  for (let g = 0; g < 8; g++) {
    // `uint8_t ls = nearest_int(...)` wraps to 8 bits before the MIN.
    const ls = Math.min(63, nearestInt(f(invScale * foundScales[g])) & 0xff);
    const lm = Math.min(63, nearestInt(f(invMin * foundMins[g])) & 0xff);
    packK4ScaleMin(dst, o, g, ls, lm);
  }
  writeF16(dst, o, f(maxScale / 63));
  writeF16(dst, o + 2, f(maxMin / 63));
  const d = readF16(dst, o);
  const dmin = readF16(dst, o + 2);
  unpackK4ScalesMins(dst, o);
  for (let g = 0; g < 8; g++) {
    const dg = f(d * groupScales[g]);
    if (!dg) continue;
    const mg = f(dmin * groupMins[g]);
    for (let i = 32 * g; i < 32 * g + 32; i++) {
      L[i] = Math.max(0, Math.min(nmax, nearestInt(f(f(x[xo + i] + mg) / dg))));
    }
  }
}

/** Dequantizes a Q4_K/Q5_K block whose levels and scales are unpacked: x = d*sc*level - dmin*m. */
function dequantizeK4(d: number, dmin: number, dst: Float32Array, y: number): void {
  for (let j = 0; j < QK_K; j++) {
    const g = j >> 5;
    dst[y + j] = f(f(d * groupScales[g]) * levels[j]) - f(dmin * groupMins[g]);
  }
}

/** ggml's scalar Q4_K/Q5_K kernel: scaled levels go to the f32 lanes, the minimum term to the running sum. */
function vecDotK4(
  n: number,
  w: Uint8Array,
  wOffset: number,
  bytes: number,
  a: Uint8Array,
  aOffset: number,
  unpack: (src: Uint8Array, o: number) => void,
): number {
  laneSums.fill(0);
  let sumf = 0;
  for (let b = 0; b < n / QK_K; b++) {
    const o = wOffset + b * bytes;
    const ao = aOffset + b * Q8K_BYTES;
    unpack(w, o);
    let sumi = 0;
    for (let j = 0; j < 16; j++) sumi += q8kBsum(a, ao, j) * groupMins[j >> 1];
    const yd = readF32(a, ao);
    addBlockToLanes(a, ao + Q8K_QS, 5, f(readF16(w, o) * yd));
    sumf = f(sumf - f(f(readF16(w, o + 2) * yd) * sumi));
  }
  return sumLanes(sumf);
}

// Q4_K: `{ f16 d; f16 dmin; u8 scales[12]; u8 qs[128] }` (144 bytes). Each 64 elements share 32 bytes:
// the first 32 in the low nibbles, the next 32 in the high nibbles. Level 0..15.

const Q4K_BYTES = 144;
const Q4K_QS = 16;

function unpackQ4K(src: Uint8Array, o: number): void {
  unpackK4ScalesMins(src, o);
  for (let j = 0; j < QK_K; j++) {
    const byte = src[o + Q4K_QS + 32 * (j >> 6) + (j & 31)];
    levels[j] = j & 32 ? byte >> 4 : byte & 0xf;
  }
}

/** Q4_K: 4-bit levels, 8 groups of 32 with 6-bit scales and minimums (4.5 bits per weight). */
export const Q4_K_FORMAT: BlockFormat = {
  type: GgmlType.Q4_K,
  name: "Q4_K",
  blockSize: QK_K,
  typeSize: Q4K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q4K_BYTES;
      unpackQ4K(src, o);
      dequantizeK4(readF16(src, o), readF16(src, o + 2), dst, dstOffset + b * QK_K);
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q4_K);
    for (let b = 0; b < n / QK_K; b++) {
      const o = dstOffset + b * Q4K_BYTES;
      quantizeK4Header(src, srcOffset + b * QK_K, dst, o, 15, -1, 20);
      for (let j = 0; j < QK_K; j += 64) {
        for (let l = 0; l < 32; l++) dst[o + Q4K_QS + j / 2 + l] = L[j + l] | (L[j + l + 32] << 4);
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    return vecDotK4(n, w, wOffset, Q4K_BYTES, a, aOffset, unpackQ4K);
  },
};

// Q5_K: `{ f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128] }` (176 bytes). The low 4 bits as in Q4_K;
// the fifth bit of element j is bit (j / 32) of qh[j % 32]. Level 0..31.

const Q5K_BYTES = 176;
const Q5K_QH = 16;
const Q5K_QS = 48;

function unpackQ5K(src: Uint8Array, o: number): void {
  unpackK4ScalesMins(src, o);
  for (let j = 0; j < QK_K; j++) {
    const byte = src[o + Q5K_QS + 32 * (j >> 6) + (j & 31)];
    const high = (src[o + Q5K_QH + (j & 31)] >> (j >> 5)) & 1;
    levels[j] = (j & 32 ? byte >> 4 : byte & 0xf) | (high << 4);
  }
}

/** Q5_K: 5-bit levels, 8 groups of 32 with 6-bit scales and minimums (5.5 bits per weight). */
export const Q5_K_FORMAT: BlockFormat = {
  type: GgmlType.Q5_K,
  name: "Q5_K",
  blockSize: QK_K,
  typeSize: Q5K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q5K_BYTES;
      unpackQ5K(src, o);
      dequantizeK4(readF16(src, o), readF16(src, o + 2), dst, dstOffset + b * QK_K);
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q5_K);
    for (let b = 0; b < n / QK_K; b++) {
      const o = dstOffset + b * Q5K_BYTES;
      quantizeK4Header(src, srcOffset + b * QK_K, dst, o, 31, -0.5, 15);
      dst.fill(0, o + Q5K_QH, o + Q5K_QH + 32);
      for (let j = 0; j < QK_K; j++) {
        if (L[j] > 15) dst[o + Q5K_QH + (j & 31)] |= 1 << (j >> 5);
      }
      for (let j = 0; j < QK_K; j += 64) {
        for (let l = 0; l < 32; l++) {
          dst[o + Q5K_QS + j / 2 + l] = (L[j + l] & 0xf) | ((L[j + l + 32] & 0xf) << 4);
        }
      }
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    return vecDotK4(n, w, wOffset, Q5K_BYTES, a, aOffset, unpackQ5K);
  },
};

// ---------------------------------------------------------------------------------------------------------
// Q6_K: `{ u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d }` (210 bytes). Level = 4 low bits (ql) + 2 high
// bits (qh) - 32: -32..31. 16 groups of 16 with signed 8-bit scales: x = d * sc * level.
// Per 128 elements: ql bytes 0..31 hold elements 0..31 (low nibble) and 64..95 (high nibble), ql bytes
// 32..63 hold 32..63 and 96..127; qh byte l holds the high bits of elements l, l+32, l+64, l+96.
// ---------------------------------------------------------------------------------------------------------

const Q6K_BYTES = 210;
const Q6K_QH = 128;
const Q6K_SCALES = 192;
const Q6K_D = 208;

function unpackQ6K(src: Uint8Array, o: number): void {
  for (let g = 0; g < 16; g++) groupScales[g] = readI8(src, o + Q6K_SCALES + g);
  for (let j = 0; j < QK_K; j++) {
    const half = j >> 7; // which 128-element half
    const s = (j >> 5) & 3; // which quarter of the half
    const l = j & 31;
    const lowByte = src[o + 64 * half + 32 * (s & 1) + l];
    const low = s < 2 ? lowByte & 0xf : lowByte >> 4;
    const high = (src[o + Q6K_QH + 32 * half + l] >> (2 * s)) & 3;
    levels[j] = (low | (high << 4)) - 32;
  }
}

function quantizeQ6KBlock(x: Float32Array, xo: number, dst: Uint8Array, o: number): void {
  let maxScale = 0;
  let maxAbsScale = 0;
  for (let g = 0; g < 16; g++) {
    const scale = makeQxQuants(16, 32, x, xo + 16 * g, L, 16 * g);
    foundScales[g] = scale;
    if (Math.abs(scale) > maxAbsScale) {
      maxAbsScale = Math.abs(scale);
      maxScale = scale;
    }
  }
  if (maxAbsScale < GROUP_MAX_EPS) {
    dst.fill(0, o, o + Q6K_BYTES);
    return;
  }
  // The largest-magnitude group scale maps to -128 (its sign flips like the symmetric quantizers' max).
  const iscale = f(-128 / maxScale);
  writeF16(dst, o + Q6K_D, f(1 / iscale));
  for (let g = 0; g < 16; g++) {
    dst[o + Q6K_SCALES + g] = Math.min(127, nearestInt(f(iscale * foundScales[g]))) & 0xff;
  }
  const d = readF16(dst, o + Q6K_D);
  for (let g = 0; g < 16; g++) {
    const dg = f(d * readI8(dst, o + Q6K_SCALES + g));
    if (!dg) continue;
    for (let i = 16 * g; i < 16 * g + 16; i++) {
      L[i] = Math.max(-32, Math.min(31, nearestInt(f(x[xo + i] / dg)))) + 32;
    }
  }
  for (let j = 0; j < QK_K; j += 128) {
    const ql = o + j / 2;
    const qh = o + Q6K_QH + j / 4;
    for (let l = 0; l < 32; l++) {
      const q1 = L[j + l], q2 = L[j + l + 32], q3 = L[j + l + 64], q4 = L[j + l + 96];
      dst[ql + l] = (q1 & 0xf) | ((q3 & 0xf) << 4);
      dst[ql + l + 32] = (q2 & 0xf) | ((q4 & 0xf) << 4);
      dst[qh + l] = (q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6);
    }
  }
}

/** Q6_K: 6-bit levels, 16 groups of 16 with 8-bit scales (6.5625 bits per weight). */
export const Q6_K_FORMAT: BlockFormat = {
  type: GgmlType.Q6_K,
  name: "Q6_K",
  blockSize: QK_K,
  typeSize: Q6K_BYTES,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / QK_K; b++) {
      const o = srcOffset + b * Q6K_BYTES;
      const d = readF16(src, o + Q6K_D);
      unpackQ6K(src, o);
      for (let j = 0; j < QK_K; j++) dst[dstOffset + b * QK_K + j] = f(d * groupScales[j >> 4]) * levels[j];
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.Q6_K);
    for (let b = 0; b < n / QK_K; b++) {
      quantizeQ6KBlock(src, srcOffset + b * QK_K, dst, dstOffset + b * Q6K_BYTES);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    laneSums.fill(0);
    for (let b = 0; b < n / QK_K; b++) {
      const o = wOffset + b * Q6K_BYTES;
      const ao = aOffset + b * Q8K_BYTES;
      unpackQ6K(w, o);
      addBlockToLanes(a, ao + Q8K_QS, 4, f(readF16(w, o + Q6K_D) * readF32(a, ao)));
    }
    return sumLanes(0);
  },
};

/** The K-quant weight formats and Q8_K, for the registry. */
export const K_QUANT_FORMATS: readonly BlockFormat[] = [
  Q2_K_FORMAT,
  Q3_K_FORMAT,
  Q4_K_FORMAT,
  Q5_K_FORMAT,
  Q6_K_FORMAT,
  Q8_K_FORMAT,
];
