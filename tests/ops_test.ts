/**
 * The reference ops against straightforward float64 math: these are the definitions every faster kernel is
 * tested against, so they are checked first.
 */

import assert from "node:assert/strict";
import { rmsNorm } from "../src/ops/rms_norm.ts";
import { softmax } from "../src/ops/softmax.ts";
import { attention } from "../src/ops/attention.ts";
import { rope } from "../src/ops/rope.ts";
import { geluF16, geluTanh, silu } from "../src/ops/activations.ts";
import { SeededRandom } from "../src/engine/rng.ts";

function randomArray(n: number, rng: SeededRandom, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

Deno.test("RMSNorm is correct for every hidden size (no early return, no block size)", () => {
  const rng = new SeededRandom(1);
  for (const dim of [1, 3, 64, 1000, 1024, 1025, 4096, 8192]) {
    const x = randomArray(2 * dim, rng, 3);
    const w = randomArray(dim, rng);
    const out = new Float32Array(2 * dim);
    rmsNorm(out, x, w, 2, 1e-5);
    for (let r = 0; r < 2; r++) {
      let ss = 0;
      for (let j = 0; j < dim; j++) ss += x[r * dim + j] ** 2;
      const scale = 1 / Math.sqrt(ss / dim + 1e-5);
      for (let j = 0; j < dim; j++) {
        const expected = x[r * dim + j] * scale * w[j];
        assert.ok(
          Math.abs(out[r * dim + j] - expected) <= 1e-5 * (1 + Math.abs(expected)),
          `dim ${dim} [${j}]`,
        );
      }
    }
  }
});

Deno.test("softmax sums to one and handles -Infinity", () => {
  const x = new Float32Array([1, 2, -Infinity, 3]);
  softmax(x, 0, 4);
  assert.equal(x[2], 0);
  assert.ok(Math.abs(x.reduce((a, b) => a + b) - 1) < 1e-6);
  assert.ok(x[3] > x[1] && x[1] > x[0]);
});

Deno.test("attention with GQA ratios 1, 2, 4, 8 equals naive per-head attention", () => {
  const rng = new SeededRandom(2);
  const headDim = 8, nHead = 8, pos0 = 3, n = 4;
  for (const ratio of [1, 2, 4, 8]) {
    const nHeadKv = nHead / ratio;
    const kvDim = nHeadKv * headDim;
    const cap = pos0 + n;
    const cache = { k: randomArray(cap * kvDim, rng), v: randomArray(cap * kvDim, rng) };
    const q = randomArray(n * nHead * headDim, rng);
    const out = new Float32Array(n * nHead * headDim);
    const shape = { nHead, nHeadKv, headDim, scale: 0.3, softcap: 0, window: 0 };
    attention(out, q, cache, pos0, n, shape, new Float32Array(cap));
    for (let i = 0; i < n; i++) {
      for (let h = 0; h < nHead; h++) {
        const g = Math.floor(h / ratio);
        const scores: number[] = [];
        for (let t = 0; t <= pos0 + i; t++) {
          let s = 0;
          for (let d = 0; d < headDim; d++) {
            s += q[(i * nHead + h) * headDim + d] * cache.k[t * kvDim + g * headDim + d];
          }
          scores.push(s * 0.3);
        }
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b);
        for (let d = 0; d < headDim; d++) {
          let acc = 0;
          for (let t = 0; t < e.length; t++) acc += (e[t] / z) * cache.v[t * kvDim + g * headDim + d];
          assert.ok(Math.abs(out[(i * nHead + h) * headDim + d] - acc) < 1e-5, `ratio ${ratio}`);
        }
      }
    }
  }
});

Deno.test("attention sliding window hides keys at distance >= window", () => {
  const kvDim = 1;
  const cache = { k: new Float32Array([0, 0, 0, 0]), v: new Float32Array([100, 1, 2, 3]) };
  const out = new Float32Array(1);
  attention(out, new Float32Array([1]), cache, 3, 1, {
    nHead: 1,
    nHeadKv: kvDim,
    headDim: 1,
    scale: 1,
    softcap: 0,
    window: 3,
  }, new Float32Array(4));
  assert.ok(Math.abs(out[0] - 2) < 1e-6, "mean of positions 1..3 only");
});

Deno.test("RoPE: norm rotates adjacent pairs, neox rotates halves, position 0 is identity", () => {
  const config = { dims: 4, base: 10000, freqScale: 1, attnFactor: 1 };
  for (const style of ["norm", "neox"] as const) {
    const x = new Float32Array([1, 2, 3, 4, 5]);
    rope(x, 1, 1, 5, 0, { ...config, style }, new Float32Array(4));
    assert.deepEqual([...x], [1, 2, 3, 4, 5]);
  }
  const x = new Float32Array([1, 0, 1, 0]);
  rope(x, 1, 1, 4, 1, { ...config, style: "norm" }, new Float32Array(4));
  assert.ok(Math.abs(x[0] - Math.cos(1)) < 1e-6 && Math.abs(x[1] - Math.sin(1)) < 1e-6);
  const y = new Float32Array([1, 1, 0, 0]);
  rope(y, 1, 1, 4, 1, { ...config, style: "neox" }, new Float32Array(4));
  assert.ok(Math.abs(y[0] - Math.cos(1)) < 1e-6 && Math.abs(y[2] - Math.sin(1)) < 1e-6);
});

Deno.test("activations: SiLU and ggml's f16-table GELU", () => {
  assert.ok(Math.abs(silu(1) - 1 / (1 + Math.exp(-1))) < 1e-7);
  assert.equal(geluF16(-10), 0);
  assert.equal(geluF16(12.5), 12.5);
  for (const x of [-3, -0.5, 0, 0.3, 2, 7]) {
    assert.ok(Math.abs(geluF16(x) - geluTanh(x)) < 5e-3 * (1 + Math.abs(x)));
  }
});
