import assert from "node:assert/strict";
import { e8m0ToHalfScale, MXFP4_FORMAT } from "../src/quant/mxfp4.ts";
import {
  assertAdversarialBlocks,
  assertOutlierKept,
  assertVecDotMatchesDequantized,
  gaussian,
  identicalBlockFraction,
  relativeRmsError,
  roundTrip,
} from "./quant_helpers.ts";

Deno.test("MXFP4: E8M0 half scale is 2^(e - 128) for every byte", () => {
  assert.equal(e8m0ToHalfScale(128), 1);
  assert.equal(e8m0ToHalfScale(0), 2 ** -128);
  assert.equal(e8m0ToHalfScale(255), 2 ** 127);
  for (let e = 0; e < 256; e++) assert.equal(Math.fround(e8m0ToHalfScale(e)), e8m0ToHalfScale(e));
});

Deno.test("MXFP4: round trip error on gaussian data", () => {
  const x = gaussian(4096, 1);
  // Measured 0.112: a power-of-two scale and 8 magnitudes (0..6) cost more than a free f16 scale.
  assert.ok(relativeRmsError(x, roundTrip(MXFP4_FORMAT, x)) < 0.12);
});

Deno.test("MXFP4: E2M1 values times a power of two decode exactly", () => {
  const x = Float32Array.from(
    { length: 32 },
    (_, j) => [0, 0.5, 1, 1.5, 2, 3, 4, 6][j % 8] * (j & 8 ? -4 : 4) + 0,
  ); // + 0: no -0, which decodes as +0
  assert.deepEqual(roundTrip(MXFP4_FORMAT, x), x);
});

Deno.test("MXFP4: adversarial blocks", () => {
  assertAdversarialBlocks(MXFP4_FORMAT);
  // E2M1 near the top has levels 4 and 6 (x scale): an outlier between them can be off by up to 20%.
  assertOutlierKept(MXFP4_FORMAT, 0.2);
});

Deno.test("MXFP4: vecDot equals the dot of the dequantized rows", () => {
  assertVecDotMatchesDequantized(MXFP4_FORMAT, 512, 2);
});

Deno.test("MXFP4: byte-identical to llama-quantize", () => {
  const fraction = identicalBlockFraction(MXFP4_FORMAT, "llama-mxfp4.gguf");
  if (fraction !== undefined) assert.equal(fraction, 1);
});
