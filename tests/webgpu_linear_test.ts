/**
 * `linear` on the WebGPU backend against the reference backend for every weight format: single tokens
 * (matrix-vector kernels), batches (tiled matrix-matrix for float weights), row ranges and bias, on shapes that
 * are not multiples of the tile sizes. The results must be bit-identical.
 */

import assert from "node:assert/strict";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { blockFormat } from "../src/quant/mod.ts";
import {
  activationPair,
  backendPair,
  f32WeightPair,
  GPU_TYPES,
  maxAbsDiff,
  type Pair,
  randomFloats,
  randomWeightBytes,
  readPair,
  weightPair,
} from "./webgpu_harness.ts";

/**
 * Checks every type of {@link GPU_TYPES} on `pair`: rows of 3 blocks (4 rows per matvec workgroup) and of 67
 * blocks (one row per workgroup, two steps of 64 blocks); float rows of 83 and 2011 elements.
 */
async function checkEveryFormat(pair: Pair): Promise<void> {
  for (const type of GPU_TYPES) {
    const format = blockFormat(type)!;
    for (const blocks of [3, 67]) {
      const cols = format.blockSize === 1 ? 30 * blocks - 7 : blocks * format.blockSize;
      await checkLinear(pair, type, cols);
    }
  }
}

/**
 * `linear` with a random `[cols, 37]` weight of `type` (quantized random floats, or random IQ3_S blocks): 1,
 * 5 and 18 tokens, all rows, and rows 5..24 + bias.
 */
async function checkLinear(pair: Pair, type: GgmlType, cols: number): Promise<void> {
  const rows = 37;
  const format = blockFormat(type)!;
  const bytes = randomWeightBytes(type, cols, rows, type + 11);
  const desc = { name: `w.${format.name}`, type, dims: [cols, rows], byteLength: bytes.length };
  const [wg, wr] = weightPair(pair, desc, bytes);
  const [bg, br] = f32WeightPair(pair, "bias", [rows], randomFloats(rows, 3));
  for (const n of [1, 5, 18]) {
    const [xg, xr] = activationPair(pair, n * cols, randomFloats(n * cols, n + type, 3));
    for (const [rowOffset, count, bias] of [[0, rows, false], [5, 20, true]] as const) {
      const [og, or] = activationPair(pair, n * count);
      const options = { rowOffset, rows: count, bias: bias ? bg : undefined };
      pair.gpu.linear(og, xg, wg, n, options);
      pair.ref.linear(or, xr, wr, n, { ...options, bias: bias ? br : undefined });
      const [a, b] = await readPair(pair, og, or, n * count);
      // Bit-identical: the GPU rounds activations, sums blocks into ggml's accumulators in the same order
      // and sums float products exactly (double-f32), as the reference does.
      const diff = maxAbsDiff(a, b);
      assert.ok(diff === 0, `${format.name} n=${n} cols ${cols} rows ${rowOffset}+${count}: diff ${diff}`);
    }
  }
}

Deno.test("webgpu: linear matches the reference for every GPU format", async () => {
  const pair = await backendPair();
  if (pair) await checkEveryFormat(pair);
});

Deno.test("webgpu: linear without dot4I8Packed (byte-wise integer dots) matches the reference", async () => {
  const pair = await backendPair({ packedDot: false });
  if (!pair) return;
  try {
    await checkEveryFormat(pair);
  } finally {
    pair.gpu.dispose();
  }
});

Deno.test("webgpu: activation rounding of exact halves and zero blocks matches the reference", async () => {
  const pair = await backendPair();
  if (!pair) return;
  // Block 0 has max |x| = 127, so the Q8 scale factor is exactly 1 (127 / 127; Q8_K: -127 / -127) and every
  // other element is an exact half: rounding must go to even (2.5 -> 2, -3.5 -> -4). Block 1 is all zeros.
  const cols = 512, rows = 9;
  const x = new Float32Array(cols);
  for (let i = 1; i < 256; i++) x[i] = (i % 23) - 11.5;
  x[0] = -127;
  for (const type of [GgmlType.Q8_0, GgmlType.Q4_1, GgmlType.Q4_K]) {
    const bytes = randomWeightBytes(type, cols, rows, type);
    const [wg, wr] = weightPair(
      pair,
      { name: "w", type, dims: [cols, rows], byteLength: bytes.length },
      bytes,
    );
    const [xg, xr] = activationPair(pair, cols, x);
    const [og, or] = activationPair(pair, rows);
    pair.gpu.linear(og, xg, wg, 1);
    pair.ref.linear(or, xr, wr, 1);
    const [a, b] = await readPair(pair, og, or, rows);
    assert.deepEqual(a, b, blockFormat(type)!.name);
  }
});

Deno.test("webgpu: linear rejects rows outside the weight", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const [wg] = f32WeightPair(pair, "w", [8, 4], randomFloats(32, 1));
  const [xg] = activationPair(pair, 8);
  const [og] = activationPair(pair, 8);
  assert.throws(() => pair.gpu.linear(og, xg, wg, 1, { rowOffset: 2, rows: 3 }), { name: "BackendError" });
  assert.throws(() => pair.gpu.linear(og, xg, wg, 2), { name: "BackendError" });
});
