/**
 * The CPU backend against the reference backend (`src/ops`), op by op, on random data: every weight type the
 * registry supports through `linear` and `embed`, odd row counts, row ranges and biases, GQA ratios 1/2/4/8,
 * soft-capping and sliding windows. The activation-rounding kernels are compared byte for byte with the
 * registry's `quantizeActivations`.
 */

import assert from "node:assert/strict";
import type { ActivationBuffer, AttentionParams, Backend, RopeParams, Weight } from "../src/backend.ts";
import { GgmlType, ggmlTypeName } from "../src/gguf/ggml_type.ts";
import { blockFormat, rowBytes, supportedTypeNames } from "../src/quant/mod.ts";
import { createReferenceBackend } from "../src/ops/reference_backend.ts";
import { createCpuBackend } from "../backends/cpu/mod.ts";
import { compileKernels, instantiateKernels, SIMD_KERNELS } from "../backends/cpu/kernels.ts";

/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length: n }, () => next() * scale);
}

/** The two backends under comparison, with helpers that create the same object on both. */
class Pair {
  constructor(readonly ref: Backend, readonly cpu: Backend) {}

  weight(name: string, type: GgmlType, dims: number[], values: Float32Array): [Weight, Weight] {
    const format = blockFormat(type)!;
    const cols = dims[0], rows = dims.slice(1).reduce((a, b) => a * b, 1);
    const bytes = new Uint8Array(rowBytes(type, cols) * rows);
    for (let r = 0; r < rows; r++) format.quantize!(values, r * cols, bytes, r * rowBytes(type, cols), cols);
    const desc = { name, type, dims, byteLength: bytes.length };
    const pair = [this.ref.allocWeight(desc), this.cpu.allocWeight(desc)] as [Weight, Weight];
    this.ref.writeWeight(pair[0], 0, bytes);
    this.cpu.weightHostView(pair[1])!.set(bytes);
    return pair;
  }

  async activations(values: Float32Array): Promise<[ActivationBuffer, ActivationBuffer]> {
    const pair = [this.ref.allocActivations(values.length), this.cpu.allocActivations(values.length)] as [
      ActivationBuffer,
      ActivationBuffer,
    ];
    // write through a 1-row F32 "embedding" so that only the Backend interface is used
    const [tr, tc] = this.weight("values", GgmlType.F32, [values.length, 1], values);
    const token = Int32Array.of(0);
    this.ref.embed(pair[0], tr, token, 1);
    this.cpu.embed(pair[1], tc, token, 1);
    assert.deepEqual(await this.read(pair), [values, values]);
    return pair;
  }

  async read(
    [r, c]: [ActivationBuffer, ActivationBuffer],
    length = r.length,
  ): Promise<[Float32Array, Float32Array]> {
    const a = new Float32Array(length), b = new Float32Array(length);
    await this.ref.read(r, 0, a);
    await this.cpu.read(c, 0, b);
    return [a, b];
  }
}

/** Asserts |cpu - ref| <= tol * max(1, max |ref|) elementwise, naming the first bad index. */
function assertClose(cpu: Float32Array, ref: Float32Array, tol: number, what: string): void {
  let scale = 1;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < ref.length; i++) {
    if (!(Math.abs(cpu[i] - ref[i]) <= tol * scale)) {
      assert.fail(`${what}: index ${i}: cpu ${cpu[i]} vs reference ${ref[i]} (tolerance ${tol * scale})`);
    }
  }
}

async function withPair(threads: number, body: (pair: Pair) => Promise<void>): Promise<void> {
  const cpu = await createCpuBackend({ threads });
  try {
    await body(new Pair(createReferenceBackend(), cpu));
  } finally {
    cpu.dispose();
  }
}

const THREADS = Math.min(2, navigator.hardwareConcurrency);

// Same integer dot products; only the f32 order of summing the scaled blocks differs (~1e-7 relative).
const LINEAR_TOL = 2e-6;

Deno.test("cpu linear matches the reference for every supported weight type", async () => {
  await withPair(THREADS, async (pair) => {
    const cols = 512, rows = 37;
    for (const name of supportedTypeNames()) {
      const type = (GgmlType as Record<string, GgmlType>)[name];
      if (type === GgmlType.Q8_1 || type === GgmlType.Q8_K || !blockFormat(type)!.quantize) continue;
      const [wr, wc] = pair.weight(`w.${name}`, type, [cols, rows], randomArray(cols * rows, type + 1));
      for (const n of [1, 5]) {
        const [xr, xc] = await pair.activations(randomArray(n * cols, 100 + n, 3));
        const out: [ActivationBuffer, ActivationBuffer] = [
          pair.ref.allocActivations(n * rows),
          pair.cpu.allocActivations(n * rows),
        ];
        pair.ref.linear(out[0], xr, wr, n);
        pair.cpu.linear(out[1], xc, wc, n);
        const [r, c] = await pair.read(out);
        assertClose(c, r, LINEAR_TOL, `${name} n=${n}`);
      }
    }
  });
});

Deno.test("cpu linear row ranges and bias (fused tensors, qwen2 biases)", async () => {
  await withPair(THREADS, async (pair) => {
    const cols = 256, rows = 61, n = 3;
    const [br, bc] = pair.weight("bias", GgmlType.F32, [rows], randomArray(rows, 7));
    const [xr, xc] = await pair.activations(randomArray(n * cols, 8));
    for (const type of [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0]) {
      const [wr, wc] = pair.weight("w", type, [cols, 100], randomArray(cols * 100, 9));
      const options = [{ bias: br }, { bias: bc }];
      const out: [ActivationBuffer, ActivationBuffer] = [
        pair.ref.allocActivations(n * rows),
        pair.cpu.allocActivations(n * rows),
      ];
      pair.ref.linear(out[0], xr, wr, n, { rowOffset: 39, rows, ...options[0] });
      pair.cpu.linear(out[1], xc, wc, n, { rowOffset: 39, rows, ...options[1] });
      const [r, c] = await pair.read(out);
      assertClose(c, r, LINEAR_TOL, `${ggmlTypeName(type)} rows 39..100 + bias`);
    }
  });
});

Deno.test("cpu embed matches the reference for every supported type", async () => {
  await withPair(1, async (pair) => {
    const cols = 256, vocab = 9;
    const tokens = Int32Array.of(8, 0, 3, 3);
    for (const name of supportedTypeNames()) {
      const type = (GgmlType as Record<string, GgmlType>)[name];
      if (type === GgmlType.Q8_1 || type === GgmlType.Q8_K || !blockFormat(type)!.quantize) continue;
      const [tr, tc] = pair.weight("embd", type, [cols, vocab], randomArray(cols * vocab, 11));
      const out: [ActivationBuffer, ActivationBuffer] = [
        pair.ref.allocActivations(tokens.length * cols),
        pair.cpu.allocActivations(tokens.length * cols),
      ];
      pair.ref.embed(out[0], tr, tokens, tokens.length);
      pair.cpu.embed(out[1], tc, tokens, tokens.length);
      const [r, c] = await pair.read(out);
      assert.deepEqual(c, r, name);
    }
  });
});

Deno.test("cpu rmsNorm, element-wise ops and copy match the reference", async () => {
  await withPair(1, async (pair) => {
    const cols = 1030, n = 3, len = n * cols; // width not a multiple of 4: exercises the tails
    const [wr, wc] = pair.weight("norm", GgmlType.F32, [cols], randomArray(cols, 21));
    const [xr, xc] = await pair.activations(randomArray(len, 22, 4));
    const [yr, yc] = await pair.activations(randomArray(len, 23, 12)); // reaches GELU's +-10 cut-offs
    const out: [ActivationBuffer, ActivationBuffer] = [
      pair.ref.allocActivations(len),
      pair.cpu.allocActivations(len),
    ];
    const run = async (
      what: string,
      tol: number,
      op: (b: Backend, o: ActivationBuffer, x: ActivationBuffer, y: ActivationBuffer) => void,
    ) => {
      op(pair.ref, out[0], xr, yr);
      op(pair.cpu, out[1], xc, yc);
      const [r, c] = await pair.read(out);
      assertClose(c, r, tol, what);
    };
    // f64 sum of squares like the reference; one f32 rounding apart at most
    await run("rmsNorm", 1e-6, (b, o, x) => b.rmsNorm(o, x, b === pair.ref ? wr : wc, n, 1e-5));
    // ggml_v_expf vs Math.exp: ~1 ulp
    await run("swiglu", 1e-6, (b, o, x, y) => b.swiglu(o, y, x, len - 1));
    // the same f16 table and the same f16 rounding: exact
    await run("geglu", 0, (b, o, x, y) => b.geglu(o, y, x, len - 2));
    await run("add", 0, (b, o, x, y) => b.add(o, x, y, len - 3));
    // ggml multiplies by f32(factor); the reference by the double factor: 1 ulp apart at most
    await run("scale", 1.2e-7, (b, o, x) => {
      b.copy(o, 0, x, 0, len);
      b.scale(o, 0.37, len - 1);
    });
    // tanh through exp: ~1e-7 absolute before scaling by cap
    await run("softcap", 1e-6, (b, o, _x, y) => {
      b.copy(o, 0, y, 0, len);
      b.softcap(o, 5, len - 1);
    });
    await run("copy", 0, (b, o, x, y) => {
      b.copy(o, 0, y, 0, len);
      b.copy(o, 5, x, 17, 1001);
    });
  });
});

Deno.test("cpu rope matches the reference (norm, neox, partial dims, freq factors, scaling)", async () => {
  await withPair(1, async (pair) => {
    const nHeads = 3, headDim = 40, n = 4;
    const [fr, fc] = pair.weight("rope_freqs", GgmlType.F32, [16], randomArray(16, 31).map((v) => 1.5 + v));
    const cases: [string, RopeParams, RopeParams][] = [];
    for (const style of ["norm", "neox"] as const) {
      const plain = { dims: headDim, style, base: 10000, freqScale: 1, attnFactor: 1 };
      cases.push([`${style}`, plain, plain]);
      const scaled = { dims: 32, style, base: 500000, freqScale: 0.25, attnFactor: 1.1 };
      cases.push([`${style} scaled`, { ...scaled, freqFactors: fr }, { ...scaled, freqFactors: fc }]);
      const odd = { dims: 10, style, base: 10000, freqScale: 1, attnFactor: 1 }; // 5 pairs: scalar tail
      cases.push([`${style} dims 10`, odd, odd]);
    }
    for (const [what, pr, pc] of cases) {
      const [xr, xc] = await pair.activations(randomArray(n * nHeads * headDim, 32, 2));
      pair.ref.rope(xr, n, nHeads, headDim, 1000, pr);
      pair.cpu.rope(xc, n, nHeads, headDim, 1000, pc);
      const [r, c] = await pair.read([xr, xc]);
      // same cos/sin and the same f32 products
      assertClose(c, r, 1e-6, `rope ${what}`);
    }
  });
});

Deno.test("cpu attention matches the reference (GQA 1/2/4/8, softcap, window, prompt then decode)", async () => {
  await withPair(THREADS, async (pair) => {
    const headDim = 32, capacity = 40;
    for (const group of [1, 2, 4, 8]) {
      for (const [softcap, window] of [[0, 0], [50, 0], [0, 5]]) {
        const nHeadKv = 2, nHead = nHeadKv * group, kvDim = nHeadKv * headDim;
        const params: AttentionParams = {
          nHead,
          nHeadKv,
          headDim,
          scale: 1 / Math.sqrt(headDim),
          softcap,
          window,
        };
        const kv = [pair.ref.allocKv(2, capacity, kvDim), pair.cpu.allocKv(2, capacity, kvDim)] as const;
        let pos = 0;
        for (const [step, n] of [[0, 13], [1, 1], [2, 1], [3, 7]]) {
          const seed = 1000 * group + 10 * step + softcap + window;
          const [qr, qc] = await pair.activations(randomArray(n * nHead * headDim, seed, 2));
          const [kr, kc] = await pair.activations(randomArray(n * kvDim, seed + 1, 2));
          const [vr, vc] = await pair.activations(randomArray(n * kvDim, seed + 2));
          const out: [ActivationBuffer, ActivationBuffer] = [
            pair.ref.allocActivations(n * nHead * headDim),
            pair.cpu.allocActivations(n * nHead * headDim),
          ];
          pair.ref.attention(out[0], qr, kr, vr, kv[0], 1, pos, n, params);
          pair.cpu.attention(out[1], qc, kc, vc, kv[1], 1, pos, n, params);
          const [r, c] = await pair.read(out);
          // polynomial exp and tanh (~1 ulp), f32 sums in another order
          assertClose(c, r, 1e-5, `group ${group} softcap ${softcap} window ${window} step ${step}`);
          pos += n;
        }
      }
    }
  });
});

Deno.test("wasm activation rounding is byte-identical to the registry's quantizeActivations", async () => {
  const memory = new WebAssembly.Memory({ initial: 4, maximum: 65536, shared: true });
  const kernels = instantiateKernels(await compileKernels(), memory);
  const f32 = new Float32Array(memory.buffer), u8 = new Uint8Array(memory.buffer);
  const n = 2048, x = 1024, dst = 65536;
  const values = randomArray(n, 41, 7);
  values.fill(0, 256, 512); // an all-zero block
  values[600] = -values[601] * 1; // ties in |x| (Q8_K keeps the first)
  values[601] = -values[600];
  f32.set(values, x / 4);
  const expected = new Uint8Array(n * 2);
  for (
    const [type, run] of [
      [GgmlType.Q8_0, () => kernels.quantize_q8_0(x, dst, n)],
      [GgmlType.Q8_1, () => kernels.quantize_q8_1(x, dst, n)],
      [GgmlType.Q8_K, () => kernels.quantize_q8_k(x, dst, n)],
    ] as const
  ) {
    const format = blockFormat(type);
    if (!format) {
      console.warn(`%cSKIPPED: ${ggmlTypeName(type)} is not in the registry yet`, "color: yellow");
      continue;
    }
    const bytes = rowBytes(type, n);
    run();
    format.quantizeActivations!(values, 0, expected, 0, n);
    assert.deepEqual(u8.slice(dst, dst + bytes), expected.slice(0, bytes), ggmlTypeName(type));
  }
  kernels.round_f16(x, dst, n - 1);
  const rounded = new Float32Array(memory.buffer, dst, n - 1);
  assert.deepEqual(Array.from(rounded), Array.from(values.subarray(0, n - 1), Math.f16round));
  kernels.round_bf16(x, dst, n - 1);
  const bf16 = new Uint8Array(2 * (n - 1));
  blockFormat(GgmlType.BF16)!.quantizeActivations!(values, 0, bf16, 0, n - 1);
  const bf16Bits = new Uint16Array(bf16.buffer), roundedBits = new Uint32Array(memory.buffer, dst, n - 1);
  assert.deepEqual(Array.from(roundedBits), Array.from(bf16Bits, (b) => b << 16 >>> 0), "BF16");
});

Deno.test("every weight type the registry supports has a CPU kernel", () => {
  for (const name of supportedTypeNames()) {
    assert.ok(SIMD_KERNELS.has((GgmlType as Record<string, GgmlType>)[name]), name);
  }
});

/**
 * One weight row of `cols` elements per row of `values`, as bytes: quantized by the registry, or for a format
 * without a quantizer (IQ3_S) random bytes with every block's leading f16 scale set to 1/16.
 */
function weightBytes(
  type: GgmlType,
  cols: number,
  rows: number,
  values: Float32Array,
  seed: number,
): Uint8Array {
  const format = blockFormat(type)!, rb = rowBytes(type, cols), bytes = new Uint8Array(rb * rows);
  if (format.quantize) {
    for (let r = 0; r < rows; r++) format.quantize(values, r * cols, bytes, r * rb, cols);
    return bytes;
  }
  const next = random(seed);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor((next() + 1) * 128) & 0xff;
  for (let o = 0; o < bytes.length; o += format.typeSize) bytes.set([0x00, 0x2c], o);
  return bytes;
}

/** Types whose SIMD kernels keep the registry's integer lanes and float order exactly. */
const EXACT_TYPES = [
  GgmlType.Q5_K,
  GgmlType.Q6_K,
  GgmlType.Q5_0,
  GgmlType.IQ4_NL,
  GgmlType.Q4_1,
  GgmlType.Q5_1,
  GgmlType.Q3_K,
  GgmlType.Q2_K,
  GgmlType.IQ4_XS,
  GgmlType.BF16,
  GgmlType.MXFP4,
  GgmlType.TQ2_0,
  GgmlType.TQ1_0,
  GgmlType.Q1_0,
  GgmlType.Q2_0,
  GgmlType.IQ3_S,
];

Deno.test("cpu SIMD kernels equal the registry's vecDot bit for bit", async () => {
  // these SIMD kernels keep the registry's integer lanes and f32 order, so not even an ulp may differ
  const cpu = await createCpuBackend({ threads: THREADS });
  try {
    const pair = new Pair(createReferenceBackend(), cpu);
    const cols = 512, rows = 21, n = 5; // 5 tokens: one four-token tile, then one token alone
    const xValues = randomArray(n * cols, 51, 3);
    const [, xc] = await pair.activations(xValues);
    for (const type of EXACT_TYPES) {
      const format = blockFormat(type)!, rb = rowBytes(type, cols);
      const bytes = weightBytes(type, cols, rows, randomArray(cols * rows, 52), 53);
      const dotFormat = blockFormat(format.vecDotType)!, stride = rowBytes(format.vecDotType, cols);
      const xq = new Uint8Array(n * stride);
      for (let t = 0; t < n; t++) dotFormat.quantizeActivations!(xValues, t * cols, xq, t * stride, cols);
      const wc = cpu.allocWeight({
        name: `w.${ggmlTypeName(type)}`,
        type,
        dims: [cols, rows],
        byteLength: bytes.length,
      });
      cpu.weightHostView(wc).set(bytes);
      const out = cpu.allocActivations(n * rows);
      cpu.linear(out, xc, wc, n);
      const got = new Float32Array(n * rows);
      await cpu.read(out, 0, got);
      for (let t = 0; t < n; t++) {
        for (let r = 0; r < rows; r++) {
          const expected = Math.fround(format.vecDot(cols, bytes, r * rb, xq, t * stride));
          assert.ok(
            Object.is(got[t * rows + r], expected),
            `${ggmlTypeName(type)} row ${r} token ${t}: ${got[t * rows + r]} vs ${expected}`,
          );
        }
      }
    }
  } finally {
    cpu.dispose();
  }
});

Deno.test("cpu F16 linear widens every finite f16 exactly (subnormals, signed zeros)", async () => {
  const cpu = await createCpuBackend({ threads: THREADS });
  try {
    // every finite f16 bit pattern once (exponent 31 is infinity/NaN), 1024 per row; token t reads column t
    const cols = 1024, rows = 62, n = cols;
    const bits = new Uint16Array(cols * rows);
    let next = 0;
    for (let h = 0; h < 65536; h++) if ((h & 0x7c00) !== 0x7c00) bits[next++] = h;
    const weight = cpu.allocWeight({
      name: "w",
      type: GgmlType.F16,
      dims: [cols, rows],
      byteLength: bits.byteLength,
    });
    cpu.weightHostView(weight).set(new Uint8Array(bits.buffer));
    const eye = new Float32Array(n * cols);
    for (let t = 0; t < n; t++) eye[t * cols + t] = 1;
    const table = cpu.allocWeight({
      name: "x",
      type: GgmlType.F32,
      dims: [n * cols, 1],
      byteLength: eye.byteLength,
    });
    cpu.weightHostView(table).set(new Uint8Array(eye.buffer));
    const x = cpu.allocActivations(n * cols), out = cpu.allocActivations(n * rows);
    cpu.embed(x, table, Int32Array.of(0), 1);
    const halves = new Float16Array(bits.buffer);
    for (const tokens of [n, 3]) { // tiles of four tokens, then one token at a time
      cpu.linear(out, x, weight, tokens);
      const got = new Float32Array(tokens * rows);
      await cpu.read(out, 0, got);
      for (let t = 0; t < tokens; t++) {
        for (let r = 0; r < rows; r++) {
          // the other products are +-0, so the sum is the weight itself (a zero's sign aside)
          const w = halves[r * cols + t], v = got[t * rows + r];
          assert.ok(v === w, `f16 bits 0x${bits[r * cols + t].toString(16)}: got ${v}, expected ${w}`);
        }
      }
    }
  } finally {
    cpu.dispose();
  }
});
