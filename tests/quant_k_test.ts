import assert from "node:assert/strict";
import {
  Q2_K_FORMAT,
  Q3_K_FORMAT,
  Q4_K_FORMAT,
  Q5_K_FORMAT,
  Q6_K_FORMAT,
  Q8_K_FORMAT,
} from "../src/quant/k_quants.ts";
import { makeQkx2Quants, nearestInt, type ScaleMin } from "../src/quant/k_quant_search.ts";
import { readF32 } from "../src/quant/block_fields.ts";
import type { BlockFormat } from "../src/quant/format.ts";
import { blockFormat, requireWeightFormat } from "../src/quant/mod.ts";
import { GgmlType } from "../src/gguf/mod.ts";
import { QuantError } from "../src/errors.ts";
import {
  assertAdversarialBlocks,
  assertFixtureDequantizes,
  assertGeometryMatchesGgml,
  assertOutlierKept,
  assertVecDotMatchesDequantized,
  gaussian,
  identicalBlockFraction,
  relativeRmsError,
  roundTrip,
} from "./quant_helpers.ts";

/**
 * Per format: fixture file, the largest relative RMS round-trip error on gaussian data (measured value + ~10%),
 * and the largest relative RMS error of the fixture's tensors against llama-f32 (measured value + ~10%).
 */
const CASES: readonly [BlockFormat, string, number, number][] = [
  // Measured 0.296 / 0.300: 4 levels per weight.
  [Q2_K_FORMAT, "llama-q2_k.gguf", 0.33, 0.33],
  // Measured 0.148 / 0.152: 8 levels.
  [Q3_K_FORMAT, "llama-q3_k.gguf", 0.165, 0.17],
  // Measured 0.070 / 0.072: 16 levels.
  [Q4_K_FORMAT, "llama-q4_k.gguf", 0.078, 0.08],
  // Measured 0.035 / 0.037: 32 levels.
  [Q5_K_FORMAT, "llama-q5_k.gguf", 0.039, 0.041],
  // Measured 0.017 / 0.018: 64 levels.
  [Q6_K_FORMAT, "llama-q6_k.gguf", 0.019, 0.02],
];

for (const [format, file, roundTripBound, fixtureBound] of CASES) {
  Deno.test(`${format.name}: geometry matches ggml's type table`, () => {
    assertGeometryMatchesGgml(format, GgmlType.Q8_K);
  });

  Deno.test(`${format.name}: round trip error on gaussian data`, () => {
    const x = gaussian(4096, 1);
    const error = relativeRmsError(x, roundTrip(format, x));
    assert.ok(error < roundTripBound, `${error}`);
  });

  Deno.test(`${format.name}: adversarial blocks`, () => {
    assertAdversarialBlocks(format);
    // Group scales are 4..8-bit fractions of the block's largest one, so the outlier keeps a few % error.
    assertOutlierKept(format, 0.05);
  });

  Deno.test(`${format.name}: vecDot equals the dot of the dequantized rows`, () => {
    assertVecDotMatchesDequantized(format, 1024, 2);
  });

  Deno.test(`${format.name}: blocks identical to llama-quantize`, () => {
    const fraction = identicalBlockFraction(format, file);
    // Every block matched when measured (6912 of 6912); the acceptance is 99.9%.
    if (fraction !== undefined) assert.ok(fraction >= 0.999, `${fraction}`);
  });

  Deno.test(`${format.name}: fixture tensors dequantize close to llama-f32`, () => {
    assertFixtureDequantizes(format, file, fixtureBound);
  });
}

Deno.test("Q8_K: quantizeActivations follows ggml's rules", () => {
  const x = new Float32Array(256);
  x[0] = 127; // the largest magnitude maps to -127: iscale = -1
  x[1] = 2.5; // halves round to even: -2.5 -> -2
  x[2] = 3.5; // -3.5 -> -4
  x[3] = -2.5; // 2.5 -> 2
  x[20] = -127; // a tie with x[0]: the first one sets the scale, and 127 stays in range
  const bytes = new Uint8Array(292);
  Q8_K_FORMAT.quantizeActivations!(x, 0, bytes, 0, 256);
  assert.equal(readF32(bytes, 0), -1);
  const qs = new Int8Array(bytes.buffer, 4, 256);
  assert.deepEqual([...qs.subarray(0, 4)], [-127, -2, -4, 2]);
  assert.equal(qs[20], 127);
  const bsums = new Int16Array(bytes.slice(260).buffer);
  assert.deepEqual([...bsums.subarray(0, 2)], [-127 - 2 - 4 + 2, 127]);
  const decoded = new Float32Array(256);
  Q8_K_FORMAT.dequantize(bytes, 0, decoded, 0, 256);
  assert.deepEqual([...decoded.subarray(0, 4)], [127, 2, 4, -2]);
});

Deno.test("Q8_K: an all-zero block encodes as zeros; it is not a weight format", () => {
  const bytes = new Uint8Array(292).fill(7);
  Q8_K_FORMAT.quantizeActivations!(new Float32Array(256), 0, bytes, 0, 256);
  assert.ok(bytes.every((b) => b === 0));
  assert.equal(Q8_K_FORMAT.quantize, undefined);
  assert.equal(blockFormat(GgmlType.Q8_K), Q8_K_FORMAT);
  assert.throws(() => requireWeightFormat(GgmlType.Q8_K, "t"), QuantError);
});

Deno.test("Q8_K: round trip within half a step", () => {
  const x = gaussian(1024, 5);
  const bytes = new Uint8Array(4 * 292);
  Q8_K_FORMAT.quantizeActivations!(x, 0, bytes, 0, 1024);
  const decoded = new Float32Array(1024);
  Q8_K_FORMAT.dequantize(bytes, 0, decoded, 0, 1024);
  for (let b = 0; b < 4; b++) {
    const step = Math.abs(readF32(bytes, b * 292));
    for (let j = b * 256; j < b * 256 + 256; j++) {
      // Half a step, plus f32 rounding of iscale * x.
      assert.ok(Math.abs(decoded[j] - x[j]) <= step * 0.5001, `element ${j}`);
    }
  }
});

Deno.test("nearestInt: ggml's magic-number rounding, ties to even", () => {
  assert.deepEqual([2.5, 3.5, -2.5, -3.5, 0.49999997, -0.5].map(nearestInt), [2, 4, -2, -4, 0, 0]);
});

Deno.test("makeQkx2Quants: a group on an exact grid is recovered exactly", () => {
  // x = 0.5 * l - 1 for l = 0..15: the minimum fit finds scale 0.5 and min 1.
  const x = new Float32Array(32).map((_, i) => 0.5 * (i % 16) - 1);
  const weights = new Float32Array(32).fill(1);
  const L = new Uint8Array(32);
  const out: ScaleMin = { scale: 0, min: 0 };
  makeQkx2Quants(32, 15, x, 0, weights, L, 0, -1, Math.fround(0.1), 20, false, out);
  assert.deepEqual(out, { scale: 0.5, min: 1 });
  assert.deepEqual([...L], [...x].map((_, i) => i % 16));
});
