import assert from "node:assert/strict";
import {
  Q4_0_FORMAT,
  Q4_1_FORMAT,
  Q5_0_FORMAT,
  Q5_1_FORMAT,
  Q8_0_FORMAT,
  Q8_1_FORMAT,
} from "../src/quant/legacy.ts";
import type { BlockFormat } from "../src/quant/format.ts";
import { readF16 } from "../src/quant/block_fields.ts";
import {
  assertAdversarialBlocks,
  assertOutlierKept,
  assertVecDotMatchesDequantized,
  gaussian,
  identicalBlockFraction,
  roundTrip,
} from "./quant_helpers.ts";

/**
 * Per format: the largest error dequantize(quantize(x)) may show in a block, from the block's min and max.
 * Each is half a quantization step (one step where ggml clamps the extreme code), plus the f16 rounding of the
 * stored scale and minimum (relative 2^-11, times the largest code).
 */
const CASES: readonly [BlockFormat, string, (min: number, max: number) => number][] = [
  [Q4_0_FORMAT, "llama-q4_0.gguf", (min, max) => Math.max(-min, max) / 8 * 1.01],
  [Q4_1_FORMAT, "llama-q4_1.gguf", (min, max) => (max - min) / 15 * 0.51 + (max - min) / 1024 + -min / 1024],
  [Q5_0_FORMAT, "llama-q5_0.gguf", (min, max) => Math.max(-min, max) / 16 * 1.01],
  [Q5_1_FORMAT, "llama-q5_1.gguf", (min, max) => (max - min) / 31 * 0.51 + (max - min) / 1024 + -min / 1024],
  [Q8_0_FORMAT, "llama-q8_0.gguf", (min, max) => Math.max(-min, max) / 127 * 0.57],
];

for (const [format, file, bound] of CASES) {
  Deno.test(`${format.name}: round trip within half a step per block`, () => {
    const x = gaussian(4096, 1);
    const decoded = roundTrip(format, x);
    for (let b = 0; b < x.length; b += 32) {
      const block = x.subarray(b, b + 32);
      const limit = bound(Math.min(...block), Math.max(...block));
      for (let j = 0; j < 32; j++) {
        assert.ok(Math.abs(decoded[b + j] - x[b + j]) <= limit, `${format.name} element ${b + j}`);
      }
    }
  });

  Deno.test(`${format.name}: adversarial blocks`, () => {
    assertAdversarialBlocks(format);
    assertOutlierKept(format, 2e-3); // the outlier sets the scale: only the f16 rounding of d (and m) remains
  });

  Deno.test(`${format.name}: vecDot equals the dot of the dequantized rows`, () => {
    assertVecDotMatchesDequantized(format, 512, 2);
  });

  Deno.test(`${format.name}: byte-identical to llama-quantize`, () => {
    const fraction = identicalBlockFraction(format, file);
    if (fraction !== undefined) assert.equal(fraction, 1);
  });
}

Deno.test("Q8_1: adversarial blocks and vecDot", () => {
  assertAdversarialBlocks(Q8_1_FORMAT);
  assertVecDotMatchesDequantized(Q8_1_FORMAT, 512, 3);
});

/** A Q8 block whose scale is exactly 1 (amax 127), with exact halves to tell the rounding rules apart. */
function halvesBlock(): Float32Array {
  const x = new Float32Array(32);
  x.set([127, 2.5, -2.5, 3.5, -3.5, 0.5, 1.5]);
  return x;
}

Deno.test("Q8_0: weights round halves away from zero, activations to even (AVX2)", () => {
  const x = halvesBlock();
  const weights = new Uint8Array(34);
  const activations = new Uint8Array(34);
  Q8_0_FORMAT.quantize!(x, 0, weights, 0, 32);
  Q8_0_FORMAT.quantizeActivations!(x, 0, activations, 0, 32);
  assert.equal(readF16(weights, 0), 1);
  assert.equal(readF16(activations, 0), 1);
  assert.deepEqual([...new Int8Array(weights.buffer, 2, 7)], [127, 3, -3, 4, -4, 1, 2]);
  assert.deepEqual([...new Int8Array(activations.buffer, 2, 7)], [127, 2, -2, 4, -4, 0, 2]);
});

Deno.test("Q8_1: activations store s = f16(d * sum(q))", () => {
  const x = gaussian(64, 4);
  const bytes = new Uint8Array(72);
  Q8_1_FORMAT.quantizeActivations!(x, 0, bytes, 0, 64);
  for (let b = 0; b < 2; b++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b * 32 + j]));
    const d = Math.fround(amax / 127);
    const sum = new Int8Array(bytes.buffer, b * 36 + 4, 32).reduce((s, q) => s + q, 0);
    assert.equal(readF16(bytes, b * 36), new Float16Array([d])[0]);
    assert.equal(readF16(bytes, b * 36 + 2), new Float16Array([Math.fround(d * sum)])[0]);
  }
  const halves = new Uint8Array(36);
  Q8_1_FORMAT.quantizeActivations!(halvesBlock(), 0, halves, 0, 32);
  assert.deepEqual([...new Int8Array(halves.buffer, 4, 7)], [127, 2, -2, 4, -4, 0, 2]);
});
