/**
 * The CPU backend: WebAssembly SIMD kernels (`kernels.wat`) on worker threads sharing one memory.
 *
 * Everything the backend owns lives in one shared `WebAssembly.Memory` (`arena.ts`): weights (the loader reads
 * file bytes straight into {@link Backend.weightHostView}), activations, KV caches and scratch. `linear` and
 * `attention` and `swiglu` are split over the thread pool (`pool.ts`: the main thread plus `threads - 1` workers);
 * the cheaper element-wise ops run on the main thread. Scratch is sized while the model loads, so a decode step
 * allocates nothing.
 *
 * Memory limit: wasm32 addresses 4 GiB. {@link CpuBackend.reserveWeights} checks a whole model before anything is
 * allocated, and `allocWeight` checks each weight, with a `BackendError` naming the size and the limit.
 *
 * @module
 */

import type {
  ActivationBuffer,
  AttentionParams,
  Backend,
  BackendInfo,
  KvStorage,
  LinearOptions,
  RopeParams,
  Weight,
  WeightDesc,
} from "../../src/backend.ts";
import { BackendError, ConfigError } from "../../src/errors.ts";
import { GgmlType, ggmlTypeName } from "../../src/gguf/ggml_type.ts";
import { type BlockFormat, blockFormat, requireWeightFormat, rowBytes } from "../../src/quant/mod.ts";
import { geluF16Table } from "../../src/ops/activations.ts";
import { WasmArena } from "./arena.ts";
import {
  activationRowBytes,
  compileKernels,
  fillKernelTables,
  instantiateKernels,
  KERNEL_TABLES_END,
  type KernelExports,
  SIMD_KERNELS,
  type SimdKernel,
} from "./kernels.ts";
import { ThreadPool } from "./pool.ts";
import { AttentionArg, CONTROL_BYTES, Job, LinearArg, Op, SwigluArg } from "./tasks.ts";

export type {
  ActivationBuffer,
  AttentionParams,
  Backend,
  BackendInfo,
  KvStorage,
  LinearOptions,
  RopeParams,
  Weight,
  WeightDesc,
} from "../../src/backend.ts";
export { GgmlType } from "../../src/gguf/ggml_type.ts";

/** Options of {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /** Threads computing each op, the main thread included. Default: the core count. */
  readonly threads?: number;
}

class CpuWeight implements Weight {
  constructor(
    readonly desc: WeightDesc,
    readonly address: number,
    readonly format: BlockFormat,
    readonly cols: number,
    readonly rows: number,
    readonly rowBytes: number,
    readonly simd: SimdKernel,
    /** Byte stride of this weight's rounded activation rows, as `linear` hands them to the kernels. */
    readonly activationStride: number,
  ) {}
  [Symbol.for("Deno.customInspect")](): string {
    return `CpuWeight(${this.desc.name}: ${ggmlTypeName(this.desc.type)} [${this.desc.dims.join(", ")}])`;
  }
}

class CpuActivations implements ActivationBuffer {
  constructor(readonly length: number, readonly address: number) {}
  [Symbol.for("Deno.customInspect")](): string {
    return `CpuActivations(${this.length} f32 @ ${this.address})`;
  }
}

class CpuKv implements KvStorage {
  constructor(
    readonly nLayer: number,
    readonly capacity: number,
    readonly kvDim: number,
    readonly keys: number,
    readonly values: number,
  ) {}
  /** Byte address of row `pos` of `layer` in the key (or value) cache starting at `base`. */
  row(base: number, layer: number, pos: number): number {
    return base + (layer * this.capacity + pos) * this.kvDim * 4;
  }
  [Symbol.for("Deno.customInspect")](): string {
    return `CpuKv(${this.nLayer} layers x ${this.capacity} positions x ${this.kvDim} f32)`;
  }
}

/** Per-thread attention scratch: `headDim <= kvDim` f64 accumulators, then `capacity` f32 scores. */
function attentionScratchBytes(capacity: number, kvDim: number): number {
  return Math.ceil((kvDim * 8 + capacity * 4) / 64) * 64;
}

function own<T>(value: unknown, kind: new (...args: never[]) => T, what: string): T {
  if (!(value instanceof kind)) throw new BackendError(`${what} was not created by this CPU backend`);
  return value;
}

/**
 * Throws the backend's error for a failed argument check. Callers test first (`if (!ok) fail(...)`), so that the
 * context object is only built on failure and a passing check allocates nothing.
 */
function fail(message: string, context: Record<string, number>): never {
  throw new BackendError(message, { context });
}

/**
 * Writes the RoPE cos/sin table that the `rope` kernel reads: per position, C then S (2 * dims f32), as
 * ggml_rope_cache_init computes them (theta *= base^(-2/dims) in f32). A plain function of numbers, so that it
 * is optimized early and allocates nothing.
 */
function writeRopeTable(
  f32: Float32Array,
  table: number,
  n: number,
  pos0: number,
  dims: number,
  base: number,
  freqScale: number,
  attnFactor: number,
  factors: number,
  neox: boolean,
): void {
  const half = dims / 2;
  const thetaScale = Math.fround(Math.pow(base, Math.fround(-2 / dims)));
  for (let i = 0; i < n; i++) {
    const c = table + i * 2 * dims, s = c + dims;
    let theta = Math.fround(pos0 + i);
    for (let k = 0; k < half; k++) {
      const angle = Math.fround(freqScale * (factors >= 0 ? Math.fround(theta / f32[factors + k]) : theta));
      const cos = Math.fround(Math.fround(Math.cos(angle)) * attnFactor);
      const sin = Math.fround(Math.fround(Math.sin(angle)) * attnFactor);
      const i0 = neox ? k : 2 * k, i1 = neox ? k + half : 2 * k + 1;
      f32[c + i0] = cos;
      f32[c + i1] = cos;
      f32[s + i0] = -sin;
      f32[s + i1] = sin;
      theta = Math.fround(theta * thetaScale);
    }
  }
}

/** Positions the RoPE cache covers at most (beyond them, rows are computed per call). */
const ROPE_CACHE_POSITIONS = 4096;

/** What `read` returns: the copy is done when it returns, and one settled promise serves every call. */
const READ_DONE: Promise<void> = Promise.resolve();

/** Grows-only scratch region of the arena (sized while the model loads). */
interface Scratch {
  address: number;
  bytes: number;
}

/** The WASM SIMD CPU backend. Create it with {@link createCpuBackend}. */
export class CpuBackend implements Backend {
  /** Name and description. */
  readonly info: BackendInfo;
  readonly #arena: WasmArena;
  readonly #kernels: KernelExports;
  readonly #pool: ThreadPool;
  readonly #job: Uint32Array;
  readonly #jobF64: Float64Array;
  readonly #geluTable: number;
  /** Rounded activations for `linear`: 4 bytes per element of the largest activation buffer. */
  readonly #xq: Scratch = { address: 0, bytes: 0 };
  /** RoPE cos/sin tables: 2 floats per element of the largest activation buffer. */
  readonly #ropeTable: Scratch = { address: 0, bytes: 0 };
  /**
   * RoPE cos/sin rows for positions 0.. of the first RoPE configuration used (sized by `allocKv`), filled once
   * on first use: decoding then reads its rows instead of computing cos/sin in JavaScript per token.
   */
  readonly #ropeCache: Scratch = { address: 0, bytes: 0 };
  /** The configuration the cache holds (`dims` 0: none yet) and how many positions it covers. */
  #ropeCached = { dims: 0, base: 0, freqScale: 0, attnFactor: 0, factors: 0, neox: false, positions: 0 };
  /** Attention scratch per thread: f64 accumulators and one score per position (see `attentionScratchBytes`). */
  readonly #scores: Scratch = { address: 0, bytes: 0 };
  #disposed = false;

  /** Use {@link createCpuBackend}. */
  constructor(arena: WasmArena, kernels: KernelExports, pool: ThreadPool) {
    this.#arena = arena;
    this.#kernels = kernels;
    this.#pool = pool;
    this.#job = new Uint32Array(arena.memory.buffer, 0, CONTROL_BYTES / 4);
    this.#jobF64 = new Float64Array(arena.memory.buffer, 0, CONTROL_BYTES / 8);
    const simdTypes = [...SIMD_KERNELS.keys()].map(ggmlTypeName).join(", ");
    this.info = {
      name: "cpu",
      description: `WASM SIMD, ${pool.threads} thread(s) (main + ${pool.threads - 1} workers); ` +
        `SIMD matmul for ${simdTypes}`,
    };
    const table = geluF16Table();
    this.#geluTable = arena.alloc(table.length * 4, "GELU table");
    arena.f32.set(table, this.#geluTable / 4);
  }

  /**
   * Checks that `totalBytes` more (e.g. the sum of a model's weight sizes) fit in wasm32 memory and grows the
   * memory once to hold them; a `BackendError` names the size and the 4 GiB limit otherwise. Optional: a
   * loader that skips it still gets the same error from the `allocWeight` that crosses the limit.
   */
  reserveWeights(totalBytes: number): void {
    this.#arena.reserve(totalBytes, `${(totalBytes / 2 ** 20).toFixed(1)} MiB of weights`);
  }

  checkWeightType(desc: WeightDesc): void {
    try {
      requireWeightFormat(desc.type, desc.name);
    } catch (cause) {
      throw new BackendError(`the CPU backend cannot compute with ${ggmlTypeName(desc.type)}`, {
        context: { tensor: desc.name, type: ggmlTypeName(desc.type) },
        cause,
      });
    }
  }

  allocWeight(desc: WeightDesc): Weight {
    this.checkWeightType(desc);
    const format = blockFormat(desc.type)!;
    const simd = SIMD_KERNELS.get(desc.type);
    if (!simd) {
      throw new BackendError(`the CPU backend has no kernel for ${ggmlTypeName(desc.type)}`, {
        context: { tensor: desc.name, type: ggmlTypeName(desc.type) },
      });
    }
    const cols = desc.dims[0] ?? 1;
    const rows = desc.dims.slice(1).reduce((a, b) => a * b, 1);
    const bytesPerRow = rowBytes(desc.type, cols);
    if (bytesPerRow * rows !== desc.byteLength) {
      fail("weight byte length does not match its type and shape", {
        byteLength: desc.byteLength,
        expected: bytesPerRow * rows,
      });
    }
    const address = this.#arena.alloc(desc.byteLength, `tensor ${desc.name}`);
    const stride = activationRowBytes(simd.activations, cols);
    return new CpuWeight(desc, address, format, cols, rows, bytesPerRow, simd, stride);
  }

  weightHostView(weight: Weight): Uint8Array {
    const w = own(weight, CpuWeight, "weight");
    return this.#arena.view(w.address, w.desc.byteLength);
  }

  writeWeight(weight: Weight, byteOffset: number, bytes: Uint8Array): void {
    const w = own(weight, CpuWeight, "weight");
    if (!(byteOffset >= 0 && byteOffset + bytes.length <= w.desc.byteLength)) {
      fail("write past the weight's end", {
        byteOffset,
        length: bytes.length,
        byteLength: w.desc.byteLength,
      });
    }
    this.#arena.u8.set(bytes, w.address + byteOffset);
  }

  allocActivations(length: number): ActivationBuffer {
    if (!(Number.isSafeInteger(length) && length > 0)) {
      fail("activation length must be a positive integer", {
        length,
      });
    }
    const buffer = new CpuActivations(length, this.#arena.alloc(length * 4, "activations"));
    this.#grow(this.#xq, length * 4, "linear scratch");
    this.#grow(this.#ropeTable, length * 8, "rope table");
    return buffer;
  }

  allocKv(nLayer: number, capacity: number, kvDim: number): KvStorage {
    const bytes = nLayer * capacity * kvDim * 4;
    const kv = new CpuKv(
      nLayer,
      capacity,
      kvDim,
      this.#arena.alloc(bytes, "key cache"),
      this.#arena.alloc(bytes, "value cache"),
    );
    this.#grow(
      this.#scores,
      this.#pool.threads * attentionScratchBytes(capacity, kvDim),
      "attention scratch",
    );
    // rotary dims <= headDim <= kvDim
    this.#grow(this.#ropeCache, Math.min(capacity, ROPE_CACHE_POSITIONS) * 2 * kvDim * 4, "rope cache");
    return kv;
  }

  embed(out: ActivationBuffer, table: Weight, tokens: Int32Array, n: number): void {
    const o = own(out, CpuActivations, "out"), w = own(table, CpuWeight, "table");
    if (!(n <= tokens.length && n * w.cols <= o.length)) {
      fail("embed does not fit its buffers", {
        n,
        cols: w.cols,
      });
    }
    for (let i = 0; i < n; i++) {
      const token = tokens[i];
      if (!(token >= 0 && token < w.rows)) {
        throw new BackendError("token id out of range", { context: { token, vocab: w.rows } });
      }
      w.format.dequantize(
        this.#arena.u8,
        w.address + token * w.rowBytes,
        this.#arena.f32,
        o.address / 4 + i * w.cols,
        w.cols,
      );
    }
  }

  linear(
    out: ActivationBuffer,
    x: ActivationBuffer,
    weight: Weight,
    n: number,
    options?: LinearOptions,
  ): void {
    const o = own(out, CpuActivations, "out"),
      xa = own(x, CpuActivations, "x"),
      w = own(weight, CpuWeight, "weight");
    const rowOffset = options?.rowOffset ?? 0;
    const rows = options?.rows ?? w.rows - rowOffset;
    if (!(rowOffset >= 0 && rows > 0 && rowOffset + rows <= w.rows)) {
      fail("linear row range outside the weight", {
        rowOffset,
        rows,
        weightRows: w.rows,
      });
    }
    if (!(n * w.cols <= xa.length && n * rows <= o.length)) {
      fail("linear does not fit its buffers", {
        n,
        cols: w.cols,
        rows,
      });
    }
    if (o === xa) fail("linear cannot write its output over its input", { n });
    let bias = 0;
    if (options?.bias) {
      const b = own(options.bias, CpuWeight, "bias");
      if (!(b.desc.type === GgmlType.F32 && b.cols * b.rows >= rows)) {
        fail("bias must be f32 with one value per row", {
          rows,
        });
      }
      bias = b.address;
    }
    const xAddress = this.#roundActivations(xa, n, w);
    const job = this.#job, a = Job.ARGS;
    job[a + LinearArg.KERNEL] = w.simd.kind;
    job[a + LinearArg.W] = w.address + rowOffset * w.rowBytes;
    job[a + LinearArg.ROW_BYTES] = w.rowBytes;
    job[a + LinearArg.ROWS] = rows;
    job[a + LinearArg.X] = xAddress;
    job[a + LinearArg.X_STRIDE] = w.activationStride;
    job[a + LinearArg.N_TOK] = n;
    job[a + LinearArg.OUT] = o.address;
    job[a + LinearArg.BIAS] = bias;
    job[a + LinearArg.COLS] = w.cols;
    this.#pool.dispatch(Op.LINEAR);
  }

  /** Rounds `n` rows of `x` to `w`'s vec_dot_type; returns where the rows are (`w.activationStride` apart). */
  #roundActivations(x: CpuActivations, n: number, w: CpuWeight): number {
    const cols = w.cols, xq = this.#xq.address;
    switch (w.simd.activations) {
      case "f32":
        return x.address;
      case "f16":
        this.#kernels.round_f16(x.address, xq, n * cols);
        return xq;
      case "bf16":
        this.#kernels.round_bf16(x.address, xq, n * cols);
        return xq;
      case "q8_0": {
        // ggml's blocks (34 bytes per 32) go after the prepared ones (64 per 32): 3.1 of the 4 bytes per element
        const blocks = (n * cols) / 32, ggml = xq + blocks * 64;
        this.#kernels.quantize_q8_0(x.address, ggml, n * cols);
        this.#kernels.prepare_q8_0(ggml, xq, blocks);
        return xq;
      }
      case "q8_1": {
        // as Q8_0's, with 36-byte ggml blocks: 3.1 of the 4 bytes per element
        const blocks = (n * cols) / 32, ggml = xq + blocks * 64;
        this.#kernels.quantize_q8_1(x.address, ggml, n * cols);
        this.#kernels.prepare_q8_1(ggml, xq, blocks);
        return xq;
      }
      case "q8_k":
        this.#kernels.quantize_q8_k(x.address, xq, n * cols);
        this.#kernels.prepare_q8_k(xq, (n * cols) / 256);
        return xq;
    }
  }

  rmsNorm(out: ActivationBuffer, x: ActivationBuffer, weight: Weight, n: number, eps: number): void {
    const o = own(out, CpuActivations, "out"),
      xa = own(x, CpuActivations, "x"),
      w = own(weight, CpuWeight, "weight");
    const cols = w.cols * w.rows;
    if (w.desc.type !== GgmlType.F32) fail("norm weights must be f32", { type: w.desc.type });
    if (!(n * cols <= xa.length && n * cols <= o.length)) {
      fail("rmsNorm does not fit its buffers", { n, cols });
    }
    this.#kernels.rms_norm(o.address, xa.address, w.address, n, cols, eps);
  }

  rope(
    x: ActivationBuffer,
    n: number,
    nHeads: number,
    headDim: number,
    pos0: number,
    params: RopeParams,
  ): void {
    const xa = own(x, CpuActivations, "x");
    const { dims, base, freqScale, attnFactor } = params;
    if (!(dims % 2 === 0 && dims <= headDim)) {
      fail("rope dims must be even and at most headDim", { dims, headDim });
    }
    if (!(n * nHeads * headDim <= xa.length)) fail("rope does not fit its buffer", { n, nHeads, headDim });
    let factors = -1;
    if (params.freqFactors) {
      const f = own(params.freqFactors, CpuWeight, "freqFactors");
      if (!(f.desc.type === GgmlType.F32 && f.cols * f.rows >= dims / 2)) {
        fail("rope factors must be dims/2 f32", {
          dims,
        });
      }
      factors = f.address / 4;
    }
    const neox = params.style === "neox", f32 = this.#arena.f32, rowFloats = 2 * dims;
    const cache = this.#ropeCache, cached = this.#ropeCached;
    if (cached.dims === 0 && cache.bytes >= rowFloats * 4) {
      // the first configuration seen owns the cache: all its rows at once, one long loop the JIT optimizes
      const positions = Math.min(ROPE_CACHE_POSITIONS, Math.floor(cache.bytes / (rowFloats * 4)));
      writeRopeTable(f32, cache.address / 4, positions, 0, dims, base, freqScale, attnFactor, factors, neox);
      Object.assign(cached, { dims, base, freqScale, attnFactor, factors, neox, positions });
    }
    let table = this.#ropeTable.address;
    if (
      cached.dims === dims && cached.base === base && cached.freqScale === freqScale &&
      cached.attnFactor === attnFactor && cached.factors === factors && cached.neox === neox &&
      pos0 + n <= cached.positions
    ) {
      table = cache.address + pos0 * rowFloats * 4;
    } else {
      writeRopeTable(f32, table / 4, n, pos0, dims, base, freqScale, attnFactor, factors, neox);
    }
    this.#kernels.rope(xa.address, n, nHeads, headDim, dims, table, neox ? 1 : 0);
  }

  attention(
    out: ActivationBuffer,
    q: ActivationBuffer,
    k: ActivationBuffer,
    v: ActivationBuffer,
    kv: KvStorage,
    layer: number,
    pos0: number,
    n: number,
    params: AttentionParams,
  ): void {
    const o = own(out, CpuActivations, "out"), qa = own(q, CpuActivations, "q");
    const ka = own(k, CpuActivations, "k"), va = own(v, CpuActivations, "v"), cache = own(kv, CpuKv, "kv");
    const { nHead, nHeadKv, headDim } = params;
    if (!(headDim % 4 === 0 && nHeadKv > 0 && nHead % nHeadKv === 0)) {
      fail("unsupported head layout", {
        nHead,
        nHeadKv,
        headDim,
      });
    }
    if (!(cache.kvDim === nHeadKv * headDim && layer >= 0 && layer < cache.nLayer)) {
      fail("KV storage mismatch", {
        layer,
        kvDim: cache.kvDim,
      });
    }
    if (!(pos0 >= 0 && n > 0 && pos0 + n <= cache.capacity)) {
      fail("attention past the KV capacity", {
        pos0,
        n,
        capacity: cache.capacity,
      });
    }
    const qWidth = nHead * headDim, kvBytes = n * cache.kvDim * 4;
    if (!(n * qWidth <= qa.length && n * qWidth <= o.length)) {
      fail("attention does not fit its buffers", {
        n,
        qWidth,
      });
    }
    if (!(kvBytes <= ka.length * 4 && kvBytes <= va.length * 4)) fail("k or v smaller than n rows", { n });
    const u8 = this.#arena.u8;
    u8.copyWithin(cache.row(cache.keys, layer, pos0), ka.address, ka.address + kvBytes);
    u8.copyWithin(cache.row(cache.values, layer, pos0), va.address, va.address + kvBytes);
    const job = this.#job, a = Job.ARGS;
    job[a + AttentionArg.Q] = qa.address;
    job[a + AttentionArg.K] = cache.row(cache.keys, layer, 0);
    job[a + AttentionArg.V] = cache.row(cache.values, layer, 0);
    job[a + AttentionArg.OUT] = o.address;
    job[a + AttentionArg.SCORES] = this.#scores.address;
    job[a + AttentionArg.SCORES_STRIDE] = attentionScratchBytes(cache.capacity, cache.kvDim);
    job[a + AttentionArg.N] = n;
    job[a + AttentionArg.POS0] = pos0;
    job[a + AttentionArg.N_HEAD] = nHead;
    job[a + AttentionArg.N_HEAD_KV] = nHeadKv;
    job[a + AttentionArg.HEAD_DIM] = headDim;
    this.#jobF64[(a + AttentionArg.SCALE) / 2] = params.scale;
    this.#jobF64[(a + AttentionArg.SOFTCAP) / 2] = params.softcap;
    job[a + AttentionArg.WINDOW] = params.window;
    this.#pool.dispatch(Op.ATTENTION);
  }

  swiglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    const job = this.#job, a = Job.ARGS;
    job[a + SwigluArg.OUT] = this.#address(out, length);
    job[a + SwigluArg.GATE] = this.#address(gate, length);
    job[a + SwigluArg.UP] = this.#address(up, length);
    job[a + SwigluArg.N] = length;
    this.#pool.dispatch(Op.SWIGLU);
  }

  geglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    const o = this.#address(out, length), g = this.#address(gate, length), u = this.#address(up, length);
    this.#kernels.geglu(o, g, u, length, this.#geluTable);
  }

  add(out: ActivationBuffer, a: ActivationBuffer, b: ActivationBuffer, length: number): void {
    this.#kernels.add(this.#address(out, length), this.#address(a, length), this.#address(b, length), length);
  }

  scale(x: ActivationBuffer, factor: number, length: number): void {
    this.#kernels.scale(this.#address(x, length), factor, length);
  }

  softcap(x: ActivationBuffer, cap: number, length: number): void {
    this.#kernels.softcap(this.#address(x, length), cap, length);
  }

  copy(
    dst: ActivationBuffer,
    dstOffset: number,
    src: ActivationBuffer,
    srcOffset: number,
    length: number,
  ): void {
    const d = own(dst, CpuActivations, "dst"), s = own(src, CpuActivations, "src");
    if (
      !(dstOffset >= 0 && srcOffset >= 0 && dstOffset + length <= d.length && srcOffset + length <= s.length)
    ) fail("copy outside its buffers", { dstOffset, srcOffset, length });
    const from = s.address + srcOffset * 4;
    this.#arena.u8.copyWithin(d.address + dstOffset * 4, from, from + length * 4);
  }

  read(src: ActivationBuffer, srcOffset: number, dst: Float32Array): Promise<void> {
    const s = own(src, CpuActivations, "src");
    if (!(srcOffset >= 0 && srcOffset + dst.length <= s.length)) {
      fail("read outside the buffer", {
        srcOffset,
        length: dst.length,
      });
    }
    // an element loop instead of subarray(): reading logits every token must not allocate
    const f32 = this.#arena.f32, from = s.address / 4 + srcOffset;
    for (let i = 0; i < dst.length; i++) dst[i] = f32[from + i];
    return READ_DONE;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pool.close();
  }

  /** Address of an element-wise op's buffer, after checking it holds `length` elements. */
  #address(buffer: ActivationBuffer, length: number): number {
    const b = own(buffer, CpuActivations, "buffer");
    if (!(length >= 0 && length <= b.length)) {
      fail("element-wise op longer than its buffer", {
        length,
        have: b.length,
      });
    }
    return b.address;
  }

  #grow(scratch: Scratch, bytes: number, what: string): void {
    if (bytes <= scratch.bytes) return;
    scratch.address = this.#arena.alloc(bytes, what);
    scratch.bytes = bytes;
  }

  /** Threads and memory use, never buffer contents. */
  [Symbol.for("Deno.customInspect")](): string {
    return `CpuBackend(${this.#pool.threads} threads, ${Deno.inspect(this.#arena)})`;
  }
}

/**
 * Creates the CPU backend with `threads` threads (default `navigator.hardwareConcurrency`): the main thread
 * plus `threads - 1` workers. More threads than cores is refused, since every thread spins while it waits.
 */
export async function createCpuBackend(options: CpuBackendOptions = {}): Promise<CpuBackend> {
  const cores = navigator.hardwareConcurrency || 1;
  const threads = options.threads ?? cores;
  if (!Number.isInteger(threads) || threads < 1 || threads > cores) {
    throw new ConfigError(`threads must be an integer from 1 to the core count (${cores})`, {
      context: { threads: String(threads), cores },
    });
  }
  const module = await compileKernels();
  const arena = new WasmArena(KERNEL_TABLES_END);
  const kernels = instantiateKernels(module, arena.memory);
  fillKernelTables(kernels, arena.memory);
  const pool = await ThreadPool.start(module, arena.memory, threads, kernels);
  return new CpuBackend(arena, kernels, pool);
}
