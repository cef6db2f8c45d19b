import assert from "node:assert/strict";
import { Q1_0_FORMAT, Q2_0_FORMAT } from "../src/quant/q1_q2.ts";
import { readF16 } from "../src/quant/block_fields.ts";
import {
  assertAdversarialBlocks,
  assertOutlierKept,
  assertVecDotMatchesDequantized,
  gaussian,
  identicalBlockFraction,
  quantize,
  relativeRmsError,
  roundTrip,
} from "./quant_helpers.ts";

Deno.test("Q1_0: round trip keeps signs with the mean magnitude", () => {
  const x = gaussian(1024, 1);
  const decoded = roundTrip(Q1_0_FORMAT, x);
  for (let i = 0; i < x.length; i++) assert.equal(decoded[i] > 0, x[i] >= 0);
  // A sign-only code of gaussian data at best leaves sqrt(1 - 2/pi) = 0.603 RMS error.
  assert.ok(relativeRmsError(x, decoded) < 0.61);
  const bytes = quantize(Q1_0_FORMAT, x);
  let sumAbs = 0;
  for (let j = 0; j < 128; j++) sumAbs += Math.abs(x[j]);
  assert.ok(Math.abs(readF16(bytes, 0) - sumAbs / 128) <= 1e-3 * sumAbs / 128); // f16 rounding of d
});

Deno.test("Q1_0: negative zero gets the + sign, as ggml's x >= 0", () => {
  const bytes = quantize(Q1_0_FORMAT, new Float32Array(128).fill(-0));
  assert.ok(bytes.subarray(2).every((b) => b === 0xff));
});

Deno.test("Q2_0: round trip maps to -d, 0, d with d = amax", () => {
  const x = gaussian(1024, 1);
  const decoded = roundTrip(Q2_0_FORMAT, x);
  for (let b = 0; b < x.length; b += 64) {
    const d = Math.max(...x.subarray(b, b + 64).map(Math.abs));
    for (let j = 0; j < 64; j++) {
      // Half a step (d/2), plus the f16 rounding of d.
      assert.ok(Math.abs(decoded[b + j] - x[b + j]) <= d * (0.5 + 1e-3), `element ${b + j}`);
    }
  }
  // Measured 0.73: with d = amax most gaussian values round to 0.
  assert.ok(relativeRmsError(x, decoded) < 0.75);
});

for (const [format, file] of [[Q1_0_FORMAT, "llama-q1_0.gguf"], [Q2_0_FORMAT, "llama-q2_0.gguf"]] as const) {
  Deno.test(`${format.name}: adversarial blocks`, () => {
    assertAdversarialBlocks(format);
  });

  Deno.test(`${format.name}: vecDot equals the dot of the dequantized rows`, () => {
    assertVecDotMatchesDequantized(format, 512, 2);
  });

  Deno.test(`${format.name}: byte-identical to llama-quantize`, () => {
    const fraction = identicalBlockFraction(format, file);
    if (fraction !== undefined) assert.equal(fraction, 1);
  });
}

Deno.test("Q2_0: an outlier is the scale and decodes exactly", () => {
  assertOutlierKept(Q2_0_FORMAT, 1e-3); // only the f16 rounding of d = amax remains
});
