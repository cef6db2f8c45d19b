/**
 * The non-linear 4-bit formats IQ4_NL and IQ4_XS.
 *
 * Instead of evenly spaced levels, a 4-bit index selects one of 16 values from a fixed table shaped like the
 * distribution of trained weights (dense near zero, sparse at the tails): value = d * KVALUES_IQ4NL[index].
 * - IQ4_NL: blocks of 32, `{ f16 d; u8 qs[16] }`, 4.5 bits per weight.
 * - IQ4_XS: super-blocks of 256 = 8 sub-blocks of 32, `{ f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128] }`:
 *   each sub-block has a 6-bit scale `ls` (low 4 bits in `scales_l`, high 2 bits in `scales_h`) and its values
 *   are `d * (ls - 32) * KVALUES_IQ4NL[index]`, 4.25 bits per weight.
 * Within each 32-element (sub-)block, byte j holds element j (low nibble) and element j + 16 (high nibble).
 *
 * The quantizers follow ggml's `quantize_iq4_nl` / `quantize_iq4_xs` without an importance matrix (what
 * `llama-quantize` writes): per 32 elements, try 15 candidate scales around `max / -127` and keep the one
 * minimizing the x^2-weighted squared error.
 *
 * @module
 */

import { GgmlType } from "../gguf/ggml_type.ts";
import { assertFinite, type BlockFormat } from "./format.ts";
import { readF16, readF32, readI8, writeF16 } from "./block_fields.ts";
import { GROUP_MAX_EPS, nearestInt } from "./k_quant_search.ts";

const fround = Math.fround;

/** The 16 levels of IQ4_NL and IQ4_XS (`kvalues_iq4nl`), sorted ascending. */
export const KVALUES_IQ4NL: Readonly<Int8Array> = Int8Array.of(
  -127,
  -104,
  -83,
  -65,
  -49,
  -35,
  -22,
  -10,
  1,
  13,
  25,
  38,
  53,
  69,
  89,
  113,
);

/** Candidate scales tried on each side of the first guess (`ntry` in ggml). */
const SCALE_TRIES = 7;

/**
 * Index of the table level nearest to `x` (`best_index_int8`): `x` picks level i once it reaches the midpoint
 * of levels i-1 and i, so ties go to the upper level. Comparing 2x with the sum of the neighbours keeps it exact.
 */
function nearestLevel(x: number): number {
  const x2 = fround(x + x);
  let index = 0;
  for (let step = 8; step > 0; step >>= 1) {
    const j = index + step;
    if (x2 >= KVALUES_IQ4NL[j - 1] + KVALUES_IQ4NL[j]) index = j;
  }
  return index;
}

/**
 * ggml's search for the scale of one 32-element (sub-)block (`quantize_row_iq4_nl_impl` without importance
 * weights): start at d = max / 127 so that the extreme element lands on the -127 level, refine d by weighted
 * least squares, then try `id = (itry - 127) / max` for itry in -7..7 and keep the best. Weights are x^2,
 * errors are summed in f32. Returns the f32 scale (0 for a block of near-zeros).
 */
function bestScale(x: Float32Array, offset: number): number {
  let amax = 0;
  let max = 0;
  for (let j = 0; j < 32; j++) {
    const ax = Math.abs(x[offset + j]);
    if (ax > amax) {
      amax = ax;
      max = x[offset + j];
    }
  }
  if (amax < GROUP_MAX_EPS) return 0;
  let id = fround(1 / fround(-max / KVALUES_IQ4NL[0]));
  let [sumqx, sumq2] = weightedSums(x, offset, id);
  let d = sumq2 > 0 ? fround(sumqx / sumq2) : 0;
  let best = fround(d * sumqx);
  for (let itry = -SCALE_TRIES; itry <= SCALE_TRIES; itry++) {
    id = fround((itry + KVALUES_IQ4NL[0]) / max);
    [sumqx, sumq2] = weightedSums(x, offset, id);
    if (sumq2 > 0 && fround(sumqx * sumqx) > fround(best * sumq2)) {
      d = fround(sumqx / sumq2);
      best = fround(d * sumqx);
    }
  }
  return d;
}

/** For levels picked with inverse scale `id`: sum(w q x) and sum(w q^2) with w = x^2, in f32 (ggml's order). */
function weightedSums(x: Float32Array, offset: number, id: number): [number, number] {
  let sumqx = 0;
  let sumq2 = 0;
  for (let j = 0; j < 32; j++) {
    const xj = x[offset + j];
    const q = KVALUES_IQ4NL[nearestLevel(fround(id * xj))];
    const wq = fround(fround(xj * xj) * q);
    sumqx = fround(sumqx + fround(wq * xj));
    sumq2 = fround(sumq2 + fround(wq * q));
  }
  return [sumqx, sumq2];
}

/** Packs the level indices of 32 elements picked with inverse scale `id` into 16 bytes at `qsOffset`. */
function packLevels(x: Float32Array, offset: number, id: number, dst: Uint8Array, qsOffset: number): void {
  for (let j = 0; j < 16; j++) {
    const lo = nearestLevel(fround(id * x[offset + j]));
    const hi = nearestLevel(fround(id * x[offset + j + 16]));
    dst[qsOffset + j] = lo | (hi << 4);
  }
}

/** Decodes 32 elements from 16 packed bytes with scale `d`. */
function unpackLevels(src: Uint8Array, qsOffset: number, d: number, dst: Float32Array, y: number): void {
  for (let j = 0; j < 16; j++) {
    const q = src[qsOffset + j];
    dst[y + j] = KVALUES_IQ4NL[q & 0x0f] * d;
    dst[y + j + 16] = KVALUES_IQ4NL[q >> 4] * d;
  }
}

/** sum(level * activation) over 32 elements: weight levels packed at `qsOffset`, int8 activations at `aqs`. */
function levelDot(w: Uint8Array, qsOffset: number, a: Uint8Array, aqs: number): number {
  let sumi = 0;
  for (let j = 0; j < 16; j++) {
    const q = w[qsOffset + j];
    sumi += KVALUES_IQ4NL[q & 0x0f] * readI8(a, aqs + j) + KVALUES_IQ4NL[q >> 4] * readI8(a, aqs + j + 16);
  }
  return sumi;
}

/** IQ4_NL: 32 elements, `{ f16 d; u8 qs[16] }`, value = d * KVALUES_IQ4NL[nibble]. */
export const IQ4_NL_FORMAT: BlockFormat = {
  type: GgmlType.IQ4_NL,
  name: "IQ4_NL",
  blockSize: 32,
  typeSize: 18,
  vecDotType: GgmlType.Q8_0,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / 32; b++) {
      const o = srcOffset + b * 18;
      unpackLevels(src, o + 2, readF16(src, o), dst, dstOffset + b * 32);
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.IQ4_NL);
    for (let b = 0; b < n / 32; b++) {
      const x = srcOffset + b * 32;
      const o = dstOffset + b * 18;
      const d = bestScale(src, x);
      writeF16(dst, o, d);
      // The levels are re-picked with the f32 scale (not its f16 rounding), as ggml does.
      packLevels(src, x, d ? fround(1 / d) : 0, dst, o + 2);
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    let sumf = 0;
    for (let b = 0; b < n / 32; b++) {
      const wo = wOffset + b * 18;
      const ao = aOffset + b * 34;
      const sumi = levelDot(w, wo + 2, a, ao + 2);
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF16(a, ao)) * sumi));
    }
    return sumf;
  },
};

/** The 6-bit scale of sub-block `ib` of the IQ4_XS block at `o`, still offset by +32. */
function xsSubScale(src: Uint8Array, o: number, ib: number): number {
  const low = (src[o + 4 + (ib >> 1)] >> (4 * (ib & 1))) & 0x0f;
  const high = ((src[o + 2] | (src[o + 3] << 8)) >> (2 * ib)) & 3;
  return low | (high << 4);
}

/** Per-call scratch for the 8 sub-block scales of an IQ4_XS super-block. */
const xsScales = new Float32Array(8);

/**
 * IQ4_XS: 256 elements as 8 sub-blocks of 32, `{ f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128] }`,
 * value = d * (ls - 32) * KVALUES_IQ4NL[nibble]. Its activations are Q8_K (`{ f32 d; i8 qs[256]; i16 bsums[16] }`).
 */
export const IQ4_XS_FORMAT: BlockFormat = {
  type: GgmlType.IQ4_XS,
  name: "IQ4_XS",
  blockSize: 256,
  typeSize: 136,
  vecDotType: GgmlType.Q8_K,
  dequantize(src, srcOffset, dst, dstOffset, n) {
    for (let b = 0; b < n / 256; b++) {
      const o = srcOffset + b * 136;
      const d = readF16(src, o);
      for (let ib = 0; ib < 8; ib++) {
        const dl = fround(d * (xsSubScale(src, o, ib) - 32));
        unpackLevels(src, o + 8 + 16 * ib, dl, dst, dstOffset + b * 256 + 32 * ib);
      }
    }
  },
  quantize(src, srcOffset, dst, dstOffset, n) {
    assertFinite(src, srcOffset, n, GgmlType.IQ4_XS);
    for (let b = 0; b < n / 256; b++) {
      const x = srcOffset + b * 256;
      const o = dstOffset + b * 136;
      // Each sub-block's own best scale; the one of largest magnitude (sign kept) sets the super-block scale.
      let maxScale = 0;
      for (let ib = 0; ib < 8; ib++) {
        xsScales[ib] = bestScale(src, x + 32 * ib);
        if (Math.abs(xsScales[ib]) > Math.abs(maxScale)) maxScale = xsScales[ib];
      }
      const d = fround(-maxScale / 32);
      const id = d ? fround(1 / d) : 0;
      writeF16(dst, o, d);
      let scalesH = 0;
      for (let ib = 0; ib < 8; ib++) {
        // Sub-block scale as a 6-bit multiple of d, then the levels re-picked for that rounded scale.
        const l = Math.max(-32, Math.min(31, nearestInt(fround(id * xsScales[ib]))));
        const dl = fround(d * l);
        packLevels(src, x + 32 * ib, dl ? fround(1 / dl) : 0, dst, o + 8 + 16 * ib);
        const ls = l + 32;
        if (ib % 2 === 0) dst[o + 4 + (ib >> 1)] = ls & 0x0f;
        else dst[o + 4 + (ib >> 1)] |= (ls & 0x0f) << 4;
        scalesH |= (ls >> 4) << (2 * ib);
      }
      dst[o + 2] = scalesH & 0xff;
      dst[o + 3] = scalesH >> 8;
    }
  },
  vecDot(n, w, wOffset, a, aOffset) {
    // As ggml's AVX2 kernel: the sub-block scales are applied in integers, one f32 multiply per super-block.
    let sumf = 0;
    for (let b = 0; b < n / 256; b++) {
      const wo = wOffset + b * 136;
      const ao = aOffset + b * 292;
      let sumi = 0;
      for (let ib = 0; ib < 8; ib++) {
        sumi += (xsSubScale(w, wo, ib) - 32) * levelDot(w, wo + 8 + 16 * ib, a, ao + 4 + 32 * ib);
      }
      sumf = fround(sumf + fround(fround(readF16(w, wo) * readF32(a, ao)) * sumi));
    }
    return sumf;
  },
};

/** The formats of this module, for the registry. */
export const IQ4_FORMATS: readonly BlockFormat[] = [IQ4_NL_FORMAT, IQ4_XS_FORMAT];
