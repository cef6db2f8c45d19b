/**
 * The parallel tasks (`linear`, `attention`) and the job block that describes them.
 *
 * A job is a few 32-bit words in the shared memory (the control block at address 0, laid out by {@link Job}).
 * The main thread writes them, the thread pool (`pool.ts`) publishes them, and every thread, the main thread
 * included, runs {@link TaskRunner.run} with its own index: it reads the job and computes its share, a
 * contiguous range of output rows (`linear`) or of query heads (`attention`). Shares never overlap, so the
 * threads write disjoint bytes and need no locks.
 *
 * @module
 */

import { blockFormat } from "../../src/quant/mod.ts";
import type { KernelExports } from "./kernels.ts";

/** Word indices of the control block (Int32/Uint32/Float32 views over addresses 0..CONTROL_BYTES). */
export const Job = {
  /** Generation counter: the main thread bumps it to publish a job (see `pool.ts`). */
  EPOCH: 0,
  /** Workers that finished the current job. */
  DONE: 1,
  /** What to do: one of {@link Op}. */
  OP: 2,
  /** Size of the memory in 64 KiB pages, so threads notice growth and refresh their views. */
  PAGES: 3,
  /** First argument word; each op documents its arguments in {@link TaskRunner}. */
  ARGS: 4,
} as const;

/** Bytes reserved for the control block at address 0 (address 0 is also never a valid buffer: null). */
export const CONTROL_BYTES = 256;

/** Operations a job can ask for. */
export const Op = {
  /** Stop the worker loop. */
  EXIT: 0,
  /** Matrix product with a SIMD kernel. */
  LINEAR_SIMD: 1,
  /** Matrix product through the format's TypeScript `vecDot`. */
  LINEAR_GENERIC: 2,
  /** Causal attention over a layer's KV cache. */
  ATTENTION: 3,
} as const;

/** Arguments of a linear job, in word order after {@link Job.ARGS}. */
export const LinearArg = {
  /** SIMD kernel kind, or ggml type id for the generic path. */
  KERNEL: 0,
  W: 1,
  ROW_BYTES: 2,
  ROWS: 3,
  X: 4,
  X_STRIDE: 5,
  N_TOK: 6,
  OUT: 7,
  BIAS: 8,
  COLS: 9,
} as const;

/** Arguments of an attention job, in word order after {@link Job.ARGS}. */
export const AttentionArg = {
  Q: 0,
  K: 1,
  V: 2,
  OUT: 3,
  SCORES: 4,
  SCORES_STRIDE: 5,
  N: 6,
  POS0: 7,
  N_HEAD: 8,
  N_HEAD_KV: 9,
  HEAD_DIM: 10,
  WINDOW: 11,
  /** f64 in two words (word ARGS + 12 is 8-byte aligned). */
  SCALE: 12,
  /** f64 in two words. */
  SOFTCAP: 14,
} as const;

/** Start of share `thread` of `total` items split as evenly as possible over `nThreads`. */
export function shareStart(total: number, thread: number, nThreads: number): number {
  return Math.floor((total * thread) / nThreads);
}

/** One thread's view of the job block and the kernels; runs that thread's share of the published job. */
export class TaskRunner {
  readonly #memory: WebAssembly.Memory;
  readonly #kernels: KernelExports;
  #pages = 0;
  #u8: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  #u32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  #f32: Float32Array<ArrayBufferLike> = new Float32Array(0);
  #f64: Float64Array<ArrayBufferLike> = new Float64Array(0);

  /** Creates a runner over `memory` with this thread's kernel instance. */
  constructor(memory: WebAssembly.Memory, kernels: KernelExports) {
    this.#memory = memory;
    this.#kernels = kernels;
    this.#refresh();
  }

  /** The op of the published job. */
  get op(): number {
    return this.#u32[Job.OP];
  }

  /** Runs share `thread` (0 = main thread) of `nThreads` of the published job. */
  run(thread: number, nThreads: number): void {
    if (this.#u32[Job.PAGES] !== this.#pages) this.#refresh();
    const a = this.#u32, f64 = this.#f64, base = Job.ARGS;
    switch (a[Job.OP]) {
      case Op.LINEAR_SIMD:
      case Op.LINEAR_GENERIC: {
        const rows = a[base + LinearArg.ROWS];
        const r0 = shareStart(rows, thread, nThreads), r1 = shareStart(rows, thread + 1, nThreads);
        if (r0 === r1) return;
        if (a[Job.OP] === Op.LINEAR_SIMD) {
          this.#kernels.matmul(
            a[base + LinearArg.KERNEL],
            a[base + LinearArg.W],
            a[base + LinearArg.ROW_BYTES],
            r0,
            r1,
            a[base + LinearArg.X],
            a[base + LinearArg.X_STRIDE],
            a[base + LinearArg.N_TOK],
            a[base + LinearArg.OUT],
            rows,
            a[base + LinearArg.BIAS],
            a[base + LinearArg.COLS],
          );
        } else {
          this.#linearGeneric(r0, r1, rows);
        }
        return;
      }
      case Op.ATTENTION: {
        const nHead = a[base + AttentionArg.N_HEAD];
        const h0 = shareStart(nHead, thread, nThreads), h1 = shareStart(nHead, thread + 1, nThreads);
        if (h0 === h1) return;
        this.#kernels.attention(
          a[base + AttentionArg.Q],
          a[base + AttentionArg.K],
          a[base + AttentionArg.V],
          a[base + AttentionArg.OUT],
          a[base + AttentionArg.SCORES] + thread * a[base + AttentionArg.SCORES_STRIDE],
          a[base + AttentionArg.N],
          a[base + AttentionArg.POS0],
          nHead,
          a[base + AttentionArg.N_HEAD_KV],
          a[base + AttentionArg.HEAD_DIM],
          f64[(base + AttentionArg.SCALE) / 2],
          f64[(base + AttentionArg.SOFTCAP) / 2],
          a[base + AttentionArg.WINDOW],
          h0,
          h1,
        );
        return;
      }
    }
  }

  /** Rows r0..r1 through the format's own dot product (types without a SIMD kernel). */
  #linearGeneric(r0: number, r1: number, rows: number): void {
    const a = this.#u32, base = Job.ARGS;
    const format = blockFormat(a[base + LinearArg.KERNEL])!;
    const w = a[base + LinearArg.W], rowBytes = a[base + LinearArg.ROW_BYTES];
    const x = a[base + LinearArg.X], xStride = a[base + LinearArg.X_STRIDE];
    const nTok = a[base + LinearArg.N_TOK], cols = a[base + LinearArg.COLS];
    const out = a[base + LinearArg.OUT] / 4, bias = a[base + LinearArg.BIAS] / 4;
    const u8 = this.#u8, f32 = this.#f32;
    for (let r = r0; r < r1; r++) {
      for (let t = 0; t < nTok; t++) {
        const dot = format.vecDot(cols, u8, w + r * rowBytes, u8, x + t * xStride);
        f32[out + t * rows + r] = bias ? Math.fround(dot) + f32[bias + r] : dot;
      }
    }
  }

  #refresh(): void {
    const buffer = this.#memory.buffer;
    this.#pages = buffer.byteLength / 65536;
    this.#u8 = new Uint8Array(buffer);
    this.#u32 = new Uint32Array(buffer, 0, CONTROL_BYTES / 4);
    this.#f32 = new Float32Array(buffer);
    this.#f64 = new Float64Array(buffer, 0, CONTROL_BYTES / 8);
  }
}
