/**
 * The WebGPU backend's limits and failure paths: matmul tiles checked against device limits (with fake small
 * limits), options validation, a missing adapter, tensors bound in windows when they exceed one binding, and
 * weight types without a kernel.
 */

import assert from "node:assert/strict";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { checkMatmulTile, planMatmulTile, type TileLimits } from "../backends/webgpu/tiling.ts";
import { openGpuDevice } from "../backends/webgpu/device.ts";
import { parseWebGpuOptions } from "../backends/webgpu/options.ts";
import { createWebGpuBackend } from "../backends/webgpu/mod.ts";
import {
  activationPair,
  backendPair,
  maxAbsDiff,
  randomFloats,
  randomWeightBytes,
  readPair,
  webGpuOrSkip,
  weightPair,
} from "./webgpu_harness.ts";

const ROOMY: TileLimits = {
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
};

Deno.test("webgpu tiling: the tile is derived from the limits", () => {
  assert.equal(planMatmulTile(ROOMY), 16);
  assert.equal(planMatmulTile({ ...ROOMY, maxComputeInvocationsPerWorkgroup: 64 }), 8);
  // 2 tiles of 8x8 f32 need 512 bytes; 511 forces 4x4.
  assert.equal(planMatmulTile({ ...ROOMY, maxComputeWorkgroupStorageSize: 511 }), 4);
  assert.equal(planMatmulTile({ ...ROOMY, maxComputeWorkgroupSizeY: 2 }), 2);
  assert.throws(() => planMatmulTile({ ...ROOMY, maxComputeWorkgroupStorageSize: 4 }), {
    name: "BackendError",
  });
});

Deno.test("webgpu tiling: a tile that does not fit is rejected, naming the limit", () => {
  assert.throws(() => checkMatmulTile(32, ROOMY), /maxComputeInvocationsPerWorkgroup/);
  assert.throws(
    () => checkMatmulTile(16, { ...ROOMY, maxComputeWorkgroupStorageSize: 1024 }),
    /maxComputeWorkgroupStorageSize/,
  );
  assert.throws(() => checkMatmulTile(0, ROOMY), { name: "BackendError" });
  checkMatmulTile(16, ROOMY);
});

Deno.test("webgpu: a too large matmulTile option is rejected before any launch", async () => {
  if (!await webGpuOrSkip()) return;
  await assert.rejects(createWebGpuBackend({ matmulTile: 64 }), { name: "BackendError" });
});

Deno.test("webgpu options: unknown keys and bad values are a ConfigError", () => {
  assert.throws(() => parseWebGpuOptions({ tile: 4 }), { name: "ConfigError" });
  assert.throws(() => parseWebGpuOptions({ paramSlots: 3 }), { name: "ConfigError" });
  const options = parseWebGpuOptions(undefined);
  assert.equal(options.paramSlots, 4096);
  assert.ok(Object.isFrozen(options));
});

Deno.test("webgpu: a missing API or adapter is a clear BackendError", async () => {
  await assert.rejects(openGpuDevice(undefined, "high-performance", true, true), {
    name: "BackendError",
    message: /WebGPU is not available/,
  });
  const noAdapter = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;
  await assert.rejects(openGpuDevice(noAdapter, "low-power", true, true), {
    name: "BackendError",
    message: /no WebGPU adapter found.*mesa-vulkan-drivers/,
  });
});

Deno.test("webgpu: tensors larger than one binding are bound in windows", async () => {
  const pair = await backendPair({ maxBindingBytes: 4096, paramSlots: 64 });
  if (!pair) return;
  try {
    const cols = 256, rows = 300; // 300 rows of 272 bytes: 80 KiB, many 2 KiB windows
    const bytes = randomWeightBytes(GgmlType.Q8_0, cols, rows, 9);
    const desc = { name: "big", type: GgmlType.Q8_0, dims: [cols, rows], byteLength: bytes.length };
    const [wg, wr] = weightPair(pair, desc, bytes, 4093);
    const n = 2;
    const [xg, xr] = activationPair(pair, n * cols, randomFloats(n * cols, 4, 2));
    const [og, or] = activationPair(pair, n * rows);
    pair.gpu.linear(og, xg, wg, n), pair.ref.linear(or, xr, wr, n);
    const [a, b] = await readPair(pair, og, or, n * rows);
    assert.ok(maxAbsDiff(a, b) < 1e-4, `linear through windows: ${maxAbsDiff(a, b)}`); // f32 summation order
    // 100 embedding lookups use more parameter slots than the ring has: the backend submits and reuses it.
    const tokens = Int32Array.from({ length: 100 }, (_, i) => (i * 37) % rows);
    const [eg, er] = activationPair(pair, tokens.length * cols);
    pair.gpu.embed(eg, wg, tokens, tokens.length), pair.ref.embed(er, wr, tokens, tokens.length);
    const [c, d] = await readPair(pair, eg, er, tokens.length * cols);
    assert.equal(maxAbsDiff(c, d), 0);
  } finally {
    pair.gpu.dispose();
  }
});

Deno.test("webgpu: invalid token ids are rejected", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const [tg] = weightPair(
    pair,
    { name: "t", type: GgmlType.F32, dims: [4, 2], byteLength: 32 },
    new Uint8Array(32),
  );
  const [og] = activationPair(pair, 8);
  assert.throws(() => pair.gpu.embed(og, tg, new Int32Array([2]), 1), { name: "BackendError" });
  assert.throws(() => pair.gpu.embed(og, tg, new Int32Array([-1]), 1), { name: "BackendError" });
});

Deno.test("webgpu: weight types without a kernel are a BackendError naming the supported ones", async () => {
  const gpu = await webGpuOrSkip();
  if (!gpu) return;
  // Q8_K only ever holds activations; a file declaring Q8_K weights must be refused, not computed.
  const desc = { name: "blk.0.attn_q.weight", type: GgmlType.Q8_K, dims: [256, 1], byteLength: 292 };
  assert.throws(() => gpu.checkWeightType(desc), {
    name: "BackendError",
    message: /cannot compute with Q8_K/,
  });
  assert.throws(() => gpu.allocWeight(desc), { name: "BackendError" });
});
