/**
 * The compiled WASM kernels (`kernels.wat`, assembled into `kernels.wasm`) and which weight types have one.
 *
 * `linear` rounds the activations inside wasm (`quantize_q8_0`, `quantize_q8_1`, `quantize_q8_k`, `round_f16`,
 * `round_bf16`), rearranges Q8 quants for the integer dot products (`prepare_q8_0`, `prepare_q8_1`,
 * `prepare_q8_k`) and multiplies with the `matmul` kernels selected by {@link SimdKernel.kind}. Every weight type
 * the registry (`src/quant`) supports has a kernel.
 *
 * @module
 */

import { readAsset } from "../../src/assets.ts";
import { GgmlType } from "../../src/gguf/ggml_type.ts";
import { BackendError } from "../../src/errors.ts";
import { IQ3S_GRID } from "../../src/quant/iq3_s_grid.ts";

/** How a SIMD kernel wants its activations. Layouts are described at the top of `kernels.wat`. */
export type ActivationForm = "f32" | "f16" | "bf16" | "q8_0" | "q8_1" | "q8_k";

/** A weight type with a SIMD dot product in `kernels.wat`. */
export interface SimdKernel {
  /** Index of the dot products in the wasm function tables (`elem` in `kernels.wat`). */
  readonly kind: number;
  /** Form of the activations the dot product reads. */
  readonly activations: ActivationForm;
}

/** Weight types with SIMD kernels, in `kernels.wat`'s table order. */
export const SIMD_KERNELS: ReadonlyMap<GgmlType, SimdKernel> = new Map<GgmlType, SimdKernel>([
  [GgmlType.F32, { kind: 0, activations: "f32" }],
  [GgmlType.F16, { kind: 1, activations: "f16" }],
  [GgmlType.Q8_0, { kind: 2, activations: "q8_0" }],
  [GgmlType.Q4_0, { kind: 3, activations: "q8_0" }],
  [GgmlType.Q4_K, { kind: 4, activations: "q8_k" }],
  [GgmlType.Q6_K, { kind: 5, activations: "q8_k" }],
  [GgmlType.Q5_K, { kind: 6, activations: "q8_k" }],
  [GgmlType.Q5_0, { kind: 7, activations: "q8_0" }],
  [GgmlType.IQ4_NL, { kind: 8, activations: "q8_0" }],
  [GgmlType.Q4_1, { kind: 9, activations: "q8_1" }],
  [GgmlType.Q5_1, { kind: 10, activations: "q8_1" }],
  [GgmlType.Q3_K, { kind: 11, activations: "q8_k" }],
  [GgmlType.Q2_K, { kind: 12, activations: "q8_k" }],
  [GgmlType.IQ4_XS, { kind: 13, activations: "q8_k" }],
  [GgmlType.BF16, { kind: 14, activations: "bf16" }],
  [GgmlType.MXFP4, { kind: 15, activations: "q8_0" }],
  [GgmlType.TQ2_0, { kind: 16, activations: "q8_k" }],
  [GgmlType.TQ1_0, { kind: 17, activations: "q8_k" }],
  [GgmlType.Q1_0, { kind: 18, activations: "q8_0" }],
  [GgmlType.Q2_0, { kind: 19, activations: "q8_0" }],
  [GgmlType.IQ3_S, { kind: 20, activations: "q8_k" }],
]);

/**
 * End of the f16 -> f32 lookup table the matmul kernels read (`fill_f16_table` in `kernels.wat`): 65536 f32 at
 * address 256, right after the control block. The arena reserves everything below this address.
 */
export const F16_TABLE_END: number = 256 + 65536 * 4;

/**
 * Where the IQ3_S kernels read their 512-point grid (`$dot1_iq3_s` in `kernels.wat`), right after the f16 table;
 * {@link fillKernelTables} copies it there.
 */
export const IQ3S_GRID_ADDRESS: number = F16_TABLE_END;

/** End of the lookup tables the kernels read: the arena reserves everything below this address. */
export const KERNEL_TABLES_END: number = IQ3S_GRID_ADDRESS + IQ3S_GRID.byteLength;

/**
 * Bytes one activation row of `cols` elements takes in `form` as `matmul` reads it: Q8_0 blocks prepared by
 * `prepare_q8_0` (or Q8_1 blocks by `prepare_q8_1`) take 64 bytes (ggml's 34 or 36 plus lane sums, f32 scales and
 * alignment), Q8_K keeps ggml's 292.
 */
export function activationRowBytes(form: ActivationForm, cols: number): number {
  switch (form) {
    case "f32":
    case "f16":
    case "bf16":
      return cols * 4;
    case "q8_0":
    case "q8_1":
      return (cols / 32) * 64;
    case "q8_k":
      return (cols / 256) * 292;
  }
}

/** The functions `kernels.wasm` exports; pointers are byte addresses in the shared memory. */
export interface KernelExports {
  /** Fills the f16 lookup table below {@link F16_TABLE_END} (once, before any `matmul`). */
  fill_f16_table(): void;
  /** Q8_0 activation rounding of `n` (multiple of 32) f32. */
  quantize_q8_0(x: number, dst: number, n: number): void;
  /** Q8_1 activation rounding of `n` (multiple of 32) f32. */
  quantize_q8_1(x: number, dst: number, n: number): void;
  /** Q8_K activation rounding of `n` (multiple of 256) f32. */
  quantize_q8_k(x: number, dst: number, n: number): void;
  /** Rearranges `blocks` ggml Q8_0 blocks at `src` into the 64-byte blocks `matmul` reads, at `dst`. */
  prepare_q8_0(src: number, dst: number, blocks: number): void;
  /** Rearranges `blocks` ggml Q8_1 blocks at `src` into the 64-byte blocks `matmul` reads, at `dst`. */
  prepare_q8_1(src: number, dst: number, blocks: number): void;
  /** Puts the quants of `blocks` Q8_K blocks at `x` in the byte order `matmul` reads, in place. */
  prepare_q8_k(x: number, blocks: number): void;
  /** f16 rounding of `n` f32, kept as f32. */
  round_f16(x: number, dst: number, n: number): void;
  /** bf16 rounding of `n` f32, kept as f32. */
  round_bf16(x: number, dst: number, n: number): void;
  /** Rows `r0..r1` of a matrix product; see `kernels.wat`. */
  matmul(
    kind: number,
    w: number,
    rowBytes: number,
    r0: number,
    r1: number,
    x: number,
    xStride: number,
    nTok: number,
    out: number,
    outStride: number,
    bias: number,
    cols: number,
  ): void;
  /** RMSNorm of `n` rows of `cols`. */
  rms_norm(out: number, x: number, weight: number, n: number, cols: number, eps: number): void;
  /** RoPE in place with a host-written cos/sin table. */
  rope(
    x: number,
    n: number,
    nHeads: number,
    headDim: number,
    dims: number,
    table: number,
    neox: number,
  ): void;
  /** Causal attention for query heads `h0..h1`; `consts` addresses the f64 scale and soft-cap. */
  attention(
    q: number,
    k: number,
    v: number,
    out: number,
    scratch: number,
    n: number,
    pos0: number,
    nHead: number,
    nHeadKv: number,
    headDim: number,
    consts: number,
    window: number,
    h0: number,
    h1: number,
  ): void;
  /** `out = silu(gate) * up`. */
  swiglu(out: number, gate: number, up: number, n: number): void;
  /** `out = gelu(gate) * up` with the f16 GELU table at `table`. */
  geglu(out: number, gate: number, up: number, n: number, table: number): void;
  /** `out = a + b`. */
  add(out: number, a: number, b: number, n: number): void;
  /** `x *= factor`. */
  scale(x: number, factor: number, n: number): void;
  /** `x = cap * tanh(x / cap)`. */
  softcap(x: number, cap: number, n: number): void;
}

/** Reads (from disk, or fetched when imported from a registry) and compiles `kernels.wasm`. */
export async function compileKernels(): Promise<WebAssembly.Module> {
  const url = new URL("./kernels.wasm", import.meta.url);
  try {
    return await WebAssembly.compile(await readAsset(url));
  } catch (cause) {
    throw new BackendError(
      "cannot load the CPU kernels (they need WebAssembly SIMD, relaxed SIMD and threads; run `deno task build-wasm`?)",
      {
        context: { file: url.pathname },
        cause,
      },
    );
  }
}

/**
 * Fills the lookup tables below {@link KERNEL_TABLES_END} in `memory` (once, before any `matmul`): the f16 table
 * by `fill_f16_table`, the IQ3_S grid copied from the registry's.
 */
export function fillKernelTables(kernels: KernelExports, memory: WebAssembly.Memory): void {
  kernels.fill_f16_table();
  new Uint32Array(memory.buffer, IQ3S_GRID_ADDRESS, IQ3S_GRID.length).set(IQ3S_GRID);
}

/** Instantiates the kernels over `memory` (each thread has its own instance of the same module). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
