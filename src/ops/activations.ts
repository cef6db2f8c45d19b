/**
 * Gated activations and element-wise ops, as ggml's CPU backend computes them.
 *
 * GELU follows llama.cpp's `GGML_GELU_FP16` build: the input is rounded to f16 and looked up in a table of
 * f16-rounded tanh-GELU values (x <= -10 gives 0, x >= 10 gives x). Emulating it is what keeps gemma2 within
 * ~3e-3 of llama.cpp instead of ~9e-3.
 *
 * @module
 */

const SQRT_2_OVER_PI = Math.fround(0.79788456080286535587989211986876);
const GELU_COEF_A = Math.fround(0.044715);

/** SiLU: `x / (1 + e^-x)`. */
export function silu(x: number): number {
  return Math.fround(x / Math.fround(1 + Math.fround(Math.exp(-x))));
}

/** tanh-approximated GELU in f32, as `ggml_gelu_f32`. */
export function geluTanh(x: number): number {
  const inner = Math.fround(SQRT_2_OVER_PI * x * Math.fround(1 + Math.fround(GELU_COEF_A * x * x)));
  return Math.fround(0.5 * x * Math.fround(1 + Math.fround(Math.tanh(inner))));
}

let geluTable: Float16Array | undefined;

/** The 65536-entry f16 GELU table ggml builds at start-up: entry `h` = f16(gelu(f16 value with bits h)). */
export function geluF16Table(): Float16Array {
  if (!geluTable) {
    const inputs = new Float16Array(new Uint16Array(65536).map((_, i) => i).buffer);
    geluTable = new Float16Array(65536);
    for (let i = 0; i < 65536; i++) geluTable[i] = geluTanh(inputs[i]);
  }
  return geluTable;
}

const f16Scratch = new Float16Array(1);
const f16Bits = new Uint16Array(f16Scratch.buffer);

/** ggml's table GELU of one value. */
export function geluF16(x: number): number {
  if (x <= -10) return 0;
  if (x >= 10) return x;
  f16Scratch[0] = x;
  return geluF16Table()[f16Bits[0]];
}

/** `out[i] = silu(gate[i]) * up[i]` for `i < length`. */
export function swiglu(out: Float32Array, gate: Float32Array, up: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) out[i] = silu(gate[i]) * up[i];
}

/** `out[i] = gelu(gate[i]) * up[i]` for `i < length`, with ggml's f16-table GELU. */
export function geglu(out: Float32Array, gate: Float32Array, up: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) out[i] = geluF16(gate[i]) * up[i];
}

/** `out[i] = a[i] + b[i]` for `i < length`. */
export function add(out: Float32Array, a: Float32Array, b: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) out[i] = a[i] + b[i];
}

/** `x[i] *= factor` for `i < length`, with the factor rounded to f32 as ggml stores it. */
export function scale(x: Float32Array, factor: number, length: number): void {
  const f = Math.fround(factor);
  for (let i = 0; i < length; i++) x[i] *= f;
}

/** `x[i] = cap * tanh(x[i] / cap)` for `i < length` (three f32 ops, as llama.cpp builds it). */
export function softcap(x: Float32Array, cap: number, length: number): void {
  const inv = Math.fround(1 / cap);
  for (let i = 0; i < length; i++) x[i] = Math.fround(Math.tanh(Math.fround(x[i] * inv))) * cap;
}
