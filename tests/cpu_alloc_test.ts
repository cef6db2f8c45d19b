/**
 * A decode step on the CPU backend allocates nothing (scratch is sized at load time), and a model larger than
 * wasm32 memory is refused with a `BackendError` naming the size and the limit before anything is loaded.
 */

import assert from "node:assert/strict";
import type { ActivationBuffer, Weight } from "../src/backend.ts";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { rowBytes } from "../src/quant/mod.ts";
import { BackendError } from "../src/errors.ts";
import { createCpuBackend } from "../backends/cpu/mod.ts";
import { WASM32_LIMIT_BYTES } from "../backends/cpu/arena.ts";
import { SIMD_KERNELS } from "../backends/cpu/kernels.ts";

// The model uses the common weight types; one more linear per step covers every other type's kernels.
Deno.test("200 decode-shaped steps (every weight type) do not grow the JS heap", async () => {
  const backend = await createCpuBackend({});
  try {
    const embd = 256, ff = 768, vocab = 512, nHead = 8, nHeadKv = 2, headDim = 32, kvDim = nHeadKv * headDim;
    const weight = (name: string, type: GgmlType, dims: number[]): Weight => {
      const w = backend.allocWeight({
        name,
        type,
        dims,
        byteLength: rowBytes(type, dims[0]) * (dims[1] ?? 1),
      });
      backend.weightHostView(w)!.fill(name.length); // any finite bytes: 0x0N0N is a small f16/f32 value
      return w;
    };
    const tokEmbd = weight("token_embd", GgmlType.Q8_0, [embd, vocab]);
    const norm = weight("norm", GgmlType.F32, [embd]);
    const wq = weight("q", GgmlType.Q4_0, [embd, embd]), wk = weight("k", GgmlType.Q4_K, [embd, kvDim]);
    const wv = weight("v", GgmlType.Q8_0, [embd, kvDim]), wo = weight("o", GgmlType.F16, [embd, embd]);
    const gate = weight("gate", GgmlType.Q4_K, [embd, ff]), up = weight("up", GgmlType.Q8_0, [embd, ff]);
    const down = weight("down", GgmlType.Q4_0, [ff, embd]),
      output = weight("output", GgmlType.Q8_0, [embd, vocab]);
    const others = [...SIMD_KERNELS.keys()].map((type) => weight(`w.${type}`, type, [embd, embd]));
    const buf = (n: number): ActivationBuffer => backend.allocActivations(n);
    const x = buf(embd), h = buf(embd), q = buf(embd), k = buf(kvDim), v = buf(kvDim), a = buf(embd);
    const g = buf(ff), u = buf(ff), logits = buf(vocab);
    const kv = backend.allocKv(1, 256, kvDim);
    const token = new Int32Array(1);
    const host = new Float32Array(vocab);
    const rope = { dims: headDim, style: "norm", base: 10000, freqScale: 1, attnFactor: 1 } as const;
    const attention = { nHead, nHeadKv, headDim, scale: 0.17, softcap: 0, window: 0 };
    // synchronous steps: the CPU backend's read has copied the logits before its promise resolves, and awaiting
    // it would put V8's async bookkeeping (~400 bytes a step) into the measurement
    const step = (pos: number) => {
      token[0] = pos % vocab;
      backend.embed(x, tokEmbd, token, 1);
      backend.rmsNorm(h, x, norm, 1, 1e-5);
      for (let i = 0; i < others.length; i++) backend.linear(q, h, others[i], 1);
      backend.linear(q, h, wq, 1);
      backend.linear(k, h, wk, 1);
      backend.linear(v, h, wv, 1);
      backend.rope(q, 1, nHead, headDim, pos, rope);
      backend.rope(k, 1, nHeadKv, headDim, pos, rope);
      backend.attention(a, q, k, v, kv, 0, pos, 1, attention);
      backend.linear(h, a, wo, 1);
      backend.add(x, x, h, embd);
      backend.rmsNorm(h, x, norm, 1, 1e-5);
      backend.linear(g, h, gate, 1);
      backend.linear(u, h, up, 1);
      backend.swiglu(g, g, u, ff);
      backend.geglu(u, g, u, ff);
      backend.linear(h, g, down, 1);
      backend.add(x, x, h, embd);
      backend.softcap(x, 30, embd);
      backend.rmsNorm(h, x, norm, 1, 1e-5);
      backend.linear(logits, h, output, 1);
      void backend.read(logits, 0, host);
    };
    // warm-up until V8's optimizing tier has compiled the host code: rope's cos/sin loop needs about a thousand
    // steps, and until then its f32 arithmetic boxes numbers (positions wrap to stay inside the KV cache)
    for (let i = 0; i < 1200; i++) step(i % 200);
    const before = Deno.memoryUsage().heapUsed;
    for (let pos = 0; pos < 200; pos++) step(pos);
    const growth = Deno.memoryUsage().heapUsed - before;
    // 200 steps x 42 ops: one allocated view or array per op would add > 400 KB; this bound (under 100 bytes
    // per step) leaves room for the runtime's own noise
    assert.ok(growth < 20_000, `heap grew by ${growth} bytes over 200 decode steps`);
    assert.ok(host.every(Number.isFinite));
  } finally {
    backend.dispose();
  }
});

Deno.test("a model beyond wasm32 memory is refused before loading, naming size and limit", async () => {
  const backend = await createCpuBackend({ threads: 1 });
  try {
    const total = 5 * 2 ** 30;
    assert.throws(() => backend.reserveWeights(total), (error: unknown) => {
      assert.ok(error instanceof BackendError);
      assert.match(error.message, /5\.00 GiB/);
      assert.match(error.message, /4\.00 GiB/);
      assert.equal(error.context.limitBytes, WASM32_LIMIT_BYTES);
      return true;
    });
    // the same check guards each allocation (a loader that does not call reserve)
    const cols = 65536, rows = 40000; // 5 GiB of F16... as Q8_0: 2.8 GB each; two of them do not fit
    const desc = {
      name: "big",
      type: GgmlType.Q8_0,
      dims: [cols, rows],
      byteLength: rowBytes(GgmlType.Q8_0, cols) * rows,
    };
    backend.checkWeightType(desc);
    assert.throws(() => {
      backend.allocWeight(desc);
      backend.allocWeight({ ...desc, name: "big2" });
    }, BackendError);
  } finally {
    backend.dispose();
  }
});
