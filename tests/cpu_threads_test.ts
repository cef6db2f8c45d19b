/**
 * The CPU backend's thread pool under stress: thousands of dispatches of random shapes on all threads, every
 * result checked bit for bit against a single-threaded backend (each output row is computed by exactly one
 * thread with the same code, so any race shows up as a difference). Also: thread-count validation.
 */

import assert from "node:assert/strict";
import type { ActivationBuffer, Backend, Weight } from "../src/backend.ts";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { blockFormat, rowBytes } from "../src/quant/mod.ts";
import { ConfigError } from "../src/errors.ts";
import { createCpuBackend } from "../backends/cpu/mod.ts";

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function setup(backend: Backend, cols: number, rows: number, nMax: number) {
  const next = random(5);
  const values = Float32Array.from({ length: cols * rows }, () => next() * 2 - 1);
  const type = GgmlType.Q8_0;
  const bytes = new Uint8Array(rowBytes(type, cols) * rows);
  for (let r = 0; r < rows; r++) {
    blockFormat(type)!.quantize!(values, r * cols, bytes, r * rowBytes(type, cols), cols);
  }
  const weight: Weight = backend.allocWeight({
    name: "w",
    type,
    dims: [cols, rows],
    byteLength: bytes.length,
  });
  backend.writeWeight(weight, 0, bytes);
  const table = backend.allocWeight({
    name: "x",
    type: GgmlType.F32,
    dims: [cols * nMax, 1],
    byteLength: cols * nMax * 4,
  });
  backend.weightHostView(table)!.set(
    new Uint8Array(Float32Array.from({ length: cols * nMax }, () => next() * 4 - 2).buffer),
  );
  const x = backend.allocActivations(cols * nMax);
  backend.embed(x, table, Int32Array.of(0), 1);
  const out = backend.allocActivations(rows * nMax);
  const kv = backend.allocKv(1, 64, 64);
  const q = backend.allocActivations(8 * 32 * 4);
  const attnOut = backend.allocActivations(8 * 32 * 4);
  return { weight, x, out, kv, q, attnOut };
}

Deno.test("3000 dispatches on every thread give bit-identical results to one thread", async () => {
  const threads = navigator.hardwareConcurrency;
  const cols = 256, rows = 70, nMax = 3;
  const multi = await createCpuBackend({ threads });
  const single = await createCpuBackend({ threads: 1 });
  try {
    const m = setup(multi, cols, rows, nMax), s = setup(single, cols, rows, nMax);
    const got = new Float32Array(rows * nMax), want = new Float32Array(rows * nMax);
    const next = random(9);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(next() * nMax);
      const rowOffset = Math.floor(next() * 10);
      const count = 1 + Math.floor(next() * (rows - rowOffset - 1));
      const attention = i % 5 === 4;
      const run = (b: Backend, o: typeof m) => {
        if (attention) {
          // K and V rows come from the linear output; 8 query heads over 2 KV heads
          b.attention(o.attnOut, o.x, o.out, o.out, o.kv, 0, i % 32, 2, {
            nHead: 8,
            nHeadKv: 2,
            headDim: 32,
            scale: 0.17,
            softcap: 0,
            window: 0,
          });
        } else {
          b.linear(o.out, o.x, o.weight, n, { rowOffset, rows: count });
        }
      };
      run(multi, m);
      run(single, s);
      const [mo, so]: ActivationBuffer[] = attention ? [m.attnOut, s.attnOut] : [m.out, s.out];
      const length = attention ? 2 * 8 * 32 : n * count;
      await multi.read(mo, 0, got.subarray(0, length));
      await single.read(so, 0, want.subarray(0, length));
      for (let j = 0; j < length; j++) {
        if (!Object.is(got[j], want[j])) assert.fail(`dispatch ${i}: element ${j}: ${got[j]} vs ${want[j]}`);
      }
      checked += length;
    }
    assert.ok(checked > 100000);
  } finally {
    multi.dispose();
    single.dispose();
  }
});

Deno.test("swiglu split into chunks over every thread is bit-identical to one thread", async () => {
  // 4 full 1024-element chunks, a partial one and a tail that is not a multiple of the 4 SIMD lanes
  const length = 4 * 1024 + 999;
  const next = random(11);
  const gate = Float32Array.from({ length }, () => next() * 16 - 8);
  const up = Float32Array.from({ length }, () => next() * 4 - 2);
  const results: Float32Array[] = [];
  for (const threads of [navigator.hardwareConcurrency, 1]) {
    const backend = await createCpuBackend({ threads });
    try {
      const table = backend.allocWeight({
        name: "gu",
        type: GgmlType.F32,
        dims: [length, 2],
        byteLength: length * 8,
      });
      backend.writeWeight(table, 0, new Uint8Array(gate.buffer));
      backend.writeWeight(table, length * 4, new Uint8Array(up.buffer));
      const g = backend.allocActivations(length), u = backend.allocActivations(length);
      const out = backend.allocActivations(length);
      backend.embed(g, table, Int32Array.of(0), 1);
      backend.embed(u, table, Int32Array.of(1), 1);
      backend.swiglu(out, g, u, length);
      const result = new Float32Array(length);
      await backend.read(out, 0, result);
      results.push(result);
    } finally {
      backend.dispose();
    }
  }
  for (let j = 0; j < length; j++) {
    if (!Object.is(results[0][j], results[1][j])) {
      assert.fail(`element ${j}: ${results[0][j]} vs ${results[1][j]}`);
    }
  }
});

Deno.test("thread counts outside 1..cores are refused with a ConfigError", async () => {
  await assert.rejects(() => createCpuBackend({ threads: 0 }), ConfigError);
  await assert.rejects(() => createCpuBackend({ threads: navigator.hardwareConcurrency + 1 }), ConfigError);
  await assert.rejects(() => createCpuBackend({ threads: 1.5 }), ConfigError);
});
