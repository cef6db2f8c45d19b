import assert from "node:assert/strict";
import { TQ1_0_FORMAT, TQ2_0_FORMAT } from "../src/quant/ternary.ts";
import { GgmlType } from "../src/gguf/mod.ts";
import {
  assertAdversarialBlocks,
  assertFixtureDequantizes,
  assertGeometryMatchesGgml,
  assertVecDotMatchesDequantized,
  gaussian,
  identicalBlockFraction,
  relativeRmsError,
  roundTrip,
} from "./quant_helpers.ts";

for (
  const [format, file] of [[TQ1_0_FORMAT, "llama-tq1_0.gguf"], [TQ2_0_FORMAT, "llama-tq2_0.gguf"]] as const
) {
  Deno.test(`${format.name}: geometry matches ggml's type table`, () => {
    assertGeometryMatchesGgml(format, GgmlType.Q8_K);
  });

  Deno.test(`${format.name}: ternary data round-trips exactly`, () => {
    // Every trit pattern in every position: {-1, 0, 1} times a scale that is exact in f16.
    const x = new Float32Array(512).map((_, i) => 0.75 * (((i * 7 + (i >> 5)) % 3) - 1));
    assert.deepEqual(roundTrip(format, x), x);
  });

  Deno.test(`${format.name}: round trip error on gaussian data`, () => {
    const x = gaussian(4096, 1);
    // Measured 0.801: three levels at +-max|x| suit ternary-trained weights, not gaussian ones.
    assert.ok(relativeRmsError(x, roundTrip(format, x)) < 0.85);
  });

  Deno.test(`${format.name}: adversarial blocks`, () => {
    assertAdversarialBlocks(format);
    const x = gaussian(256, 3, 0.01);
    x[9] = -1e4; // the scale is max |x|, so the outlier is exact up to f16 rounding of d
    assert.ok(Math.abs(roundTrip(format, x)[9] + 1e4) <= 1e4 / 2048);
  });

  Deno.test(`${format.name}: vecDot equals the dot of the dequantized rows`, () => {
    assertVecDotMatchesDequantized(format, 1024, 2);
  });

  Deno.test(`${format.name}: blocks identical to llama-quantize`, () => {
    const fraction = identicalBlockFraction(format, file);
    // Every block matched when measured; the acceptance is 99.9%.
    if (fraction !== undefined) assert.ok(fraction >= 0.999, `${fraction}`);
  });

  Deno.test(`${format.name}: fixture tensors dequantize close to llama-f32`, () => {
    // Measured 0.822 (see the gaussian round trip above).
    assertFixtureDequantizes(format, file, 0.86);
  });
}

Deno.test("TQ1_0 and TQ2_0 encode the same ternary values", () => {
  // Same trits, different packing (the fixtures README notes the two files give equal logits).
  const x = gaussian(1024, 4);
  const bytes1 = new Uint8Array(4 * 54);
  const bytes2 = new Uint8Array(4 * 66);
  TQ1_0_FORMAT.quantize!(x, 0, bytes1, 0, 1024);
  TQ2_0_FORMAT.quantize!(x, 0, bytes2, 0, 1024);
  const a = new Float32Array(1024);
  const b = new Float32Array(1024);
  TQ1_0_FORMAT.dequantize(bytes1, 0, a, 0, 1024);
  TQ2_0_FORMAT.dequantize(bytes2, 0, b, 0, 1024);
  assert.deepEqual(a, b);
});
