/**
 * `linear` on the WebGPU backend against the reference backend for every weight format with a GPU kernel and
 * a quantizer to make test weights: single tokens (matrix-vector kernels), batches (tiled matrix-matrix for
 * float weights), row ranges and bias, on shapes that are not multiples of the tile sizes. The results must be
 * bit-identical.
 */

import assert from "node:assert/strict";
import { GgmlType, ggmlTypeName } from "../src/gguf/ggml_type.ts";
import { blockFormat } from "../src/quant/mod.ts";
import {
  activationPair,
  backendPair,
  f32WeightPair,
  maxAbsDiff,
  randomFloats,
  readPair,
  weightPair,
} from "./webgpu_harness.ts";

const TYPES = [
  GgmlType.F32,
  GgmlType.F16,
  GgmlType.BF16,
  GgmlType.Q8_0,
  GgmlType.Q4_0,
  GgmlType.Q4_1,
  GgmlType.Q5_0,
  GgmlType.Q5_1,
  GgmlType.Q4_K,
  GgmlType.Q5_K,
  GgmlType.Q6_K,
  GgmlType.Q2_K,
  GgmlType.Q3_K,
  GgmlType.IQ4_NL,
  GgmlType.IQ4_XS,
  GgmlType.TQ1_0,
  GgmlType.TQ2_0,
  GgmlType.MXFP4,
  GgmlType.Q1_0,
  GgmlType.Q2_0,
];

Deno.test("webgpu: linear matches the reference for every GPU format", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const rows = 37;
  for (const type of TYPES) {
    const format = blockFormat(type);
    if (!format?.quantize) {
      console.warn(
        `%cSKIPPED: no quantizer for ${ggmlTypeName(type)} yet`,
        "color: yellow; font-weight: bold",
      );
      continue;
    }
    const cols = format.blockSize === 1 ? 83 : 3 * format.blockSize;
    const bytes = new Uint8Array((cols / format.blockSize) * format.typeSize * rows);
    format.quantize(randomFloats(cols * rows, type + 11), 0, bytes, 0, cols * rows);
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
        assert.ok(diff === 0, `${format.name} n=${n} rows ${rowOffset}+${count}: max diff ${diff}`);
      }
    }
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
