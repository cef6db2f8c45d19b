/**
 * The parallel tasks (`linear`, `attention`, `swiglu`) and the job block that describes them.
 *
 * A job is a few 32-bit words in the shared memory (the control block at address 0, laid out by {@link Job}).
 * The main thread writes them and the thread pool (`pool.ts`) publishes them. The work is cut into chunks
 * ({@link TaskRunner.chunkCount}): 16-row multiples of `linear`'s output rows, single query heads of
 * `attention`, or runs of {@link swigluChunkElements} elements of `swiglu`. Every thread, the main thread
 * included, claims chunks one at a time and runs {@link TaskRunner.runChunk}; chunks never overlap, so the
 * threads write disjoint bytes and need no locks, and a result does not depend on which thread computed it.
 *
 * @module
 */

import type { KernelExports } from "./kernels.ts";

/**
 * Word indices of the control block (Int32/Uint32/Float32 views over addresses 0..CONTROL_BYTES). The words the
 * threads hit with atomics while they work (TICKET, FINISHED) sit on cache lines of their own, away from the
 * job words and EPOCH that waiting workers poll.
 */
export const Job = {
  /** Generation counter: the main thread bumps it to publish a job (see `pool.ts`). */
  EPOCH: 0,
  /** What to do: one of {@link Op}. */
  OP: 1,
  /** Size of the memory in 64 KiB pages, so threads notice growth and refresh their views. */
  PAGES: 2,
  /** Number of chunks of the published job. */
  CHUNKS: 3,
  /** First argument word; each op documents its arguments in {@link TaskRunner}. */
  ARGS: 4,
  /** The next chunk to claim and the epoch it belongs to (see `pool.ts`). */
  TICKET: 32,
  /** Chunks of the current job completed so far. */
  FINISHED: 48,
} as const;

/** Bytes reserved for the control block at address 0 (address 0 is also never a valid buffer: null). */
export const CONTROL_BYTES = 256;

/** Operations a job can ask for. */
export const Op = {
  /** Stop the worker loop. */
  EXIT: 0,
  /** Matrix product with the weight type's `matmul` kernels. */
  LINEAR: 1,
  /** Causal attention over a layer's KV cache. */
  ATTENTION: 2,
  /** `out = silu(gate) * up`, element-wise (chunks of {@link swigluChunkElements}). */
  SWIGLU: 3,
} as const;

/** Arguments of a linear job, in word order after {@link Job.ARGS}. */
export const LinearArg = {
  /** Kernel kind of the weight type (`SIMD_KERNELS` in `kernels.ts`). */
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
  /** f64 in two words (word ARGS + 12 is 8-byte aligned); the kernel reads it from memory, then SOFTCAP. */
  SCALE: 12,
  /** f64 in two words, right after SCALE. */
  SOFTCAP: 14,
} as const;

/** Arguments of a SwiGLU job, in word order after {@link Job.ARGS}: byte addresses and the element count. */
export const SwigluArg = {
  OUT: 0,
  GATE: 1,
  UP: 2,
  N: 3,
} as const;

/**
 * Elements per chunk of a SwiGLU of `n` elements: 1024 (TinyLlama's 5632 make 6 chunks), more when that would
 * be too many chunks to count in the pool's 16-bit ticket; always a multiple of the kernel's 4 lanes, so that
 * every element takes the same SIMD path whichever chunk it falls in. SwiGLU evaluates `exp` in f64 and costs
 * about as much as the K and V matrices of a layer, too much to leave the other threads idle.
 */
export function swigluChunkElements(n: number): number {
  return Math.max(1024, Math.ceil(n / 0xfff0 / 4) * 4);
}

/**
 * Output rows per `linear` chunk: a multiple of the 16-row tiles of `matmul`, about 8 chunks per thread, at most
 * 256 rows (smaller chunks balance better when a thread is descheduled), and few enough chunks to count in the
 * pool's 16-bit ticket.
 */
export function linearChunkRows(rows: number, threads: number): number {
  const balanced = Math.min(256, Math.max(16, Math.ceil(rows / (threads * 8 * 16)) * 16));
  return Math.max(balanced, Math.ceil(rows / 0xfff0 / 16) * 16);
}

/** One thread's view of the job block and the kernels; runs chunks of the published job. */
export class TaskRunner {
  readonly #memory: WebAssembly.Memory;
  readonly #kernels: KernelExports;
  #pages = 0;
  #u32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

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

  /** Number of chunks of the published job (its words must be written). */
  chunkCount(threads: number): number {
    const a = this.#u32, base = Job.ARGS;
    if (a[Job.OP] === Op.ATTENTION) return a[base + AttentionArg.N_HEAD];
    if (a[Job.OP] === Op.SWIGLU) {
      const n = a[base + SwigluArg.N];
      return Math.ceil(n / swigluChunkElements(n));
    }
    const rows = a[base + LinearArg.ROWS];
    return Math.ceil(rows / linearChunkRows(rows, threads));
  }

  /**
   * Runs chunk `chunk` of the published job, split for `threads` threads (see {@link chunkCount}), as thread
   * `thread` (0 = main), whose attention scratch it uses.
   */
  runChunk(chunk: number, thread: number, threads: number): void {
    if (this.#u32[Job.PAGES] !== this.#pages) this.#refresh();
    const a = this.#u32, base = Job.ARGS;
    switch (a[Job.OP]) {
      case Op.LINEAR: {
        const rows = a[base + LinearArg.ROWS], chunkRows = linearChunkRows(rows, threads);
        const r0 = chunk * chunkRows, r1 = Math.min(rows, r0 + chunkRows);
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
        return;
      }
      case Op.ATTENTION: {
        this.#kernels.attention(
          a[base + AttentionArg.Q],
          a[base + AttentionArg.K],
          a[base + AttentionArg.V],
          a[base + AttentionArg.OUT],
          a[base + AttentionArg.SCORES] + thread * a[base + AttentionArg.SCORES_STRIDE],
          a[base + AttentionArg.N],
          a[base + AttentionArg.POS0],
          a[base + AttentionArg.N_HEAD],
          a[base + AttentionArg.N_HEAD_KV],
          a[base + AttentionArg.HEAD_DIM],
          (base + AttentionArg.SCALE) * 4,
          a[base + AttentionArg.WINDOW],
          chunk,
          chunk + 1,
        );
        return;
      }
      case Op.SWIGLU: {
        const n = a[base + SwigluArg.N], chunkElements = swigluChunkElements(n);
        const first = chunk * chunkElements, bytes = first * 4;
        this.#kernels.swiglu(
          a[base + SwigluArg.OUT] + bytes,
          a[base + SwigluArg.GATE] + bytes,
          a[base + SwigluArg.UP] + bytes,
          Math.min(chunkElements, n - first),
        );
        return;
      }
    }
  }

  #refresh(): void {
    const buffer = this.#memory.buffer;
    this.#pages = buffer.byteLength / 65536;
    this.#u32 = new Uint32Array(buffer, 0, CONTROL_BYTES / 4);
  }
}
