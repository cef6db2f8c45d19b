/**
 * Each element-wise, normalization, RoPE, embedding and attention kernel of the WebGPU backend against the
 * reference backend, on shapes that are not multiples of the workgroup sizes.
 */

import assert from "node:assert/strict";
import type { RopeParams } from "../src/backend.ts";
import { blockFormat } from "../src/quant/mod.ts";
import {
  activationPair,
  backendPair,
  f32WeightPair,
  GPU_TYPES,
  maxAbsDiff,
  maxRelDiff,
  randomFloats,
  randomWeightBytes,
  readPair,
  weightPair,
} from "./webgpu_harness.ts";

// f32 element-wise maths; GPU exp/tanh may differ from JS by a few ulp.
const ELEMENTWISE_TOL = 1e-5;

Deno.test("webgpu: add, scale, softcap, swiglu, geglu and copy match the reference", async () => {
  const pair = await backendPair();
  if (!pair) return;
  for (const length of [1, 255, 257, 1000, 70001]) {
    const a = randomFloats(length, length, 12), b = randomFloats(length, length + 1, 3);
    const [ag, ar] = activationPair(pair, length, a);
    const [bg, br] = activationPair(pair, length, b);
    const [og, or] = activationPair(pair, length);
    const check = async (what: string, g = og, r = or) => {
      const [x, y] = await readPair(pair, g, r, length);
      assert.ok(maxRelDiff(x, y) <= ELEMENTWISE_TOL, `${what} length ${length}: ${maxRelDiff(x, y)}`);
    };
    pair.gpu.swiglu(og, ag, bg, length), pair.ref.swiglu(or, ar, br, length);
    await check("swiglu");
    pair.gpu.geglu(og, ag, bg, length), pair.ref.geglu(or, ar, br, length);
    await check("geglu");
    pair.gpu.add(ag, ag, bg, length), pair.ref.add(ar, ar, br, length);
    await check("add in place", ag, ar);
    pair.gpu.scale(ag, 0.37, length), pair.ref.scale(ar, 0.37, length);
    await check("scale", ag, ar);
    pair.gpu.softcap(ag, 5, length), pair.ref.softcap(ar, 5, length);
    await check("softcap", ag, ar);
    const half = Math.floor(length / 2);
    pair.gpu.copy(og, 1, ag, 0, half), pair.ref.copy(or, 1, ar, 0, half);
    await check("copy");
  }
});

Deno.test("webgpu: rmsNorm matches the reference for any width", async () => {
  const pair = await backendPair();
  if (!pair) return;
  for (const width of [64, 1000, 1024, 1025, 4096, 8192]) {
    const n = 3;
    const [wg, wr] = f32WeightPair(pair, "norm", [width], randomFloats(width, width, 2));
    const [xg, xr] = activationPair(pair, n * width, randomFloats(n * width, width + 7, 4));
    const [og, or] = activationPair(pair, n * width);
    pair.gpu.rmsNorm(og, xg, wg, n, 1e-5), pair.ref.rmsNorm(or, xr, wr, n, 1e-5);
    pair.gpu.rmsNorm(xg, xg, wg, 1, 1e-6), pair.ref.rmsNorm(xr, xr, wr, 1, 1e-6);
    const [a, b] = await readPair(pair, og, or, n * width);
    // At most 2 ulp: the GPU sums in double-f32 and rounds the mean to f32 before adding eps, as ggml; the
    // reference adds eps in double, so a few rows' scales differ by 1 ulp, up to 2 after x * scale * w.
    const twoUlp = 2 ** -22;
    assert.ok(maxRelDiff(a, b) <= twoUlp, `width ${width}: ${maxRelDiff(a, b)}`);
    const [c, d] = await readPair(pair, xg, xr, width);
    assert.ok(maxRelDiff(c, d) <= twoUlp, `in place, width ${width}: ${maxRelDiff(c, d)}`);
  }
});

Deno.test("webgpu: rope (norm and neox, factors, partial dims) matches the reference", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const headDim = 48, nHeads = 3, n = 5;
  const [fg, fr] = f32WeightPair(pair, "rope_freqs", [16], randomFloats(16, 5, 0.5).map((v) => 1.5 + v));
  for (const style of ["norm", "neox"] as const) {
    for (const [dims, factors] of [[48, false], [32, true]] as const) {
      for (const pos0 of [0, 3000]) {
        const values = randomFloats(n * nHeads * headDim, dims + pos0, 3);
        const [xg, xr] = activationPair(pair, values.length, values);
        const params = (freqFactors: typeof fg | undefined): RopeParams => ({
          dims,
          style,
          base: 10000,
          freqScale: 0.5,
          attnFactor: 1.1,
          freqFactors,
        });
        pair.gpu.rope(xg, n, nHeads, headDim, pos0, params(factors ? fg : undefined));
        pair.ref.rope(xr, n, nHeads, headDim, pos0, params(factors ? fr : undefined));
        const [a, b] = await readPair(pair, xg, xr, values.length);
        // sin and cos are correctly rounded on both; 1 ulp remains where the frequency scale and attention
        // factor are applied in f32 (GPU, as ggml) or double (reference).
        assert.ok(maxAbsDiff(a, b) < 1e-6, `${style} dims ${dims} pos0 ${pos0}: ${maxAbsDiff(a, b)}`);
      }
    }
  }
});

Deno.test("webgpu: embedding lookup dequantizes rows of every GPU format", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const cols = 512, rows = 7;
  const tokens = new Int32Array([3, 0, 6, 3]);
  for (const type of GPU_TYPES) {
    const bytes = randomWeightBytes(type, cols, rows, type + 1, 2);
    const [tg, tr] = weightPair(pair, {
      name: "token_embd",
      type,
      dims: [cols, rows],
      byteLength: bytes.length,
    }, bytes);
    const [og, or] = activationPair(pair, cols * tokens.length);
    pair.gpu.embed(og, tg, tokens, tokens.length), pair.ref.embed(or, tr, tokens, tokens.length);
    const [a, b] = await readPair(pair, og, or, cols * tokens.length);
    // Dequantization is a product of at most three f32 factors: equal up to fused multiply-adds.
    assert.ok(maxAbsDiff(a, b) < 1e-6, `${blockFormat(type)!.name}: ${maxAbsDiff(a, b)}`);
  }
});

Deno.test("webgpu: attention with grouped-query heads matches the reference", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const headDim = 40, nHead = 8, capacity = 150;
  for (const nHeadKv of [8, 4, 2, 1]) {
    for (const [softcap, window] of [[0, 0], [20, 0], [0, 37]]) {
      const kvDim = nHeadKv * headDim;
      const kvG = pair.gpu.allocKv(2, capacity, kvDim), kvR = pair.ref.allocKv(2, capacity, kvDim);
      const params = { nHead, nHeadKv, headDim, scale: 1 / Math.sqrt(headDim), softcap, window };
      // A prompt of 67 positions (more than one 64-key block), then two single-token steps.
      let pos = 0;
      for (const n of [67, 1, 1, 70]) {
        const seed = nHeadKv * 1000 + pos + softcap + window;
        const [qg, qr] = activationPair(
          pair,
          n * nHead * headDim,
          randomFloats(n * nHead * headDim, seed, 2),
        );
        const [kg, kr] = activationPair(pair, n * kvDim, randomFloats(n * kvDim, seed + 1, 2));
        const [vg, vr] = activationPair(pair, n * kvDim, randomFloats(n * kvDim, seed + 2, 2));
        const [og, or] = activationPair(pair, n * nHead * headDim);
        pair.gpu.attention(og, qg, kg, vg, kvG, 1, pos, n, params);
        pair.ref.attention(or, qr, kr, vr, kvR, 1, pos, n, params);
        const [a, b] = await readPair(pair, og, or, n * nHead * headDim);
        // Sums and exp round as the reference's; 1 ulp remains from the score scale, an f32 on the GPU (as
        // ggml) and a double in the reference, and GPU tanh is off by a few ulp when soft-capping.
        assert.ok(
          maxAbsDiff(a, b) < (softcap ? 4e-6 : 1e-6),
          `kv heads ${nHeadKv} softcap ${softcap} window ${window} pos ${pos}`,
        );
        pos += n;
      }
    }
  }
});

Deno.test("webgpu: attention rejects head counts that would divide by zero", async () => {
  const pair = await backendPair();
  if (!pair) return;
  const kv = pair.gpu.allocKv(1, 4, 8);
  const [b] = activationPair(pair, 64);
  const params = { nHead: 2, nHeadKv: 0, headDim: 8, scale: 1, softcap: 0, window: 0 };
  assert.throws(() => pair.gpu.attention(b, b, b, b, kv, 0, 0, 1, params), { name: "BackendError" });
  assert.throws(() => pair.gpu.attention(b, b, b, b, kv, 0, 0, 1, { ...params, nHead: 3, nHeadKv: 2 }), {
    name: "BackendError",
  });
});
