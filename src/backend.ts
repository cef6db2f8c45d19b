/**
 * The `Backend` interface: the small set of operations every model is composed of.
 *
 * Model code (`src/models`) only talks to this interface; a backend (the TypeScript reference in `src/ops`,
 * WASM SIMD in `backends/cpu`, WGSL in `backends/webgpu`) is chosen when the model loads. Like tinygrad, the
 * set is small on purpose: embedding lookup, one `linear`, RMSNorm, RoPE, attention over a KV cache, the
 * gated activations and a few element-wise ops.
 *
 * Conventions shared by every operation:
 * - Activations are `f32` buffers holding `n` rows (tokens) of a fixed width, row-major, starting at element 0.
 * - Element-wise operations and `rmsNorm` accept an output that is the same buffer as an input (in place);
 *   `linear` and `attention` never are.
 * - Operations may be queued (WebGPU encodes them into one command buffer); `read` is the only way to see
 *   results and waits for everything queued before it. Synchronous backends simply run each call at once.
 * - Buffers, weights and KV caches are created when the model loads. The per-token path creates nothing.
 * - Numerics follow llama.cpp's CPU backend: `linear` rounds its input activations to the weight type's
 *   `vec_dot_type` exactly as ggml does (see `src/quant`), and KV caches are `f32`.
 *
 * @module
 */

import type { GgmlType } from "./gguf/ggml_type.ts";

/** Describes a weight tensor before it is allocated on a backend. */
export interface WeightDesc {
  /** Tensor name in the GGUF file, e.g. `blk.0.attn_q.weight`. */
  readonly name: string;
  /** ggml type of the stored data. */
  readonly type: GgmlType;
  /** ggml dimensions, innermost first: a matrix mapping `cols -> rows` is `[cols, rows]`. */
  readonly dims: readonly number[];
  /** Exact byte size of the data (validated against type and dims by the loader). */
  readonly byteLength: number;
}

/** A backend-owned weight tensor. Opaque outside its backend. */
export interface Weight {
  /** What the weight is. */
  readonly desc: WeightDesc;
}

/** A backend-owned `f32` activation buffer of `length` elements. Opaque outside its backend. */
export interface ActivationBuffer {
  /** Number of `f32` elements. */
  readonly length: number;
}

/** Backend-owned storage for one sequence's keys and values, for every layer. Opaque outside its backend. */
export interface KvStorage {
  /** Number of layers. */
  readonly nLayer: number;
  /** Positions each layer can hold. */
  readonly capacity: number;
  /** Width of one key (and one value) row: `n_head_kv * head_dim`. */
  readonly kvDim: number;
}

/** Rotary position embedding settings of a model (llama.cpp's `ggml_rope_ext`, without YaRN). */
export interface RopeSettings {
  /** Rotated dimensions per head (`rope.dimension_count`); the rest pass through. */
  readonly dims: number;
  /** `"norm"` rotates adjacent pairs (x[2i], x[2i+1]); `"neox"` rotates (x[i], x[i + dims/2]). */
  readonly style: "norm" | "neox";
  /** Frequency base (`rope.freq_base`). */
  readonly base: number;
  /** Linear position scaling: angle = pos * freqScale * base^(-2i/dims). 1 when unscaled. */
  readonly freqScale: number;
  /** Magnitude scale applied to sin and cos (LongRoPE / YaRN attention factor). 1 when unscaled. */
  readonly attnFactor: number;
}

/** {@link RopeSettings} plus the model's per-frequency divisors, as a backend receives them. */
export interface RopeParams extends RopeSettings {
  /** Per-frequency divisors (`rope_freqs`, phi3 LongRoPE factors): `dims/2` f32 values, or none. */
  readonly freqFactors?: Weight;
}

/** Attention parameters for one layer. */
export interface AttentionParams {
  /** Query heads. */
  readonly nHead: number;
  /** Key/value heads; `nHead` is a positive multiple of it (checked when the model loads). */
  readonly nHeadKv: number;
  /** Dimension of each head. */
  readonly headDim: number;
  /** Multiplier of Q.K (usually 1/sqrt(headDim)). */
  readonly scale: number;
  /** Gemma-2 attention-logit soft-capping: s = cap * tanh(s / cap). 0 = off. */
  readonly softcap: number;
  /** Sliding window in positions (a query at p sees keys at p - window < k <= p). 0 = off. */
  readonly window: number;
}

/** Options of {@link Backend.linear}. */
export interface LinearOptions {
  /** First weight row to use (fused tensors such as phi3's `attn_qkv`). Default 0. */
  readonly rowOffset?: number;
  /** Number of weight rows (= output width). Default: all rows from `rowOffset`. */
  readonly rows?: number;
  /** `f32` bias added to every output row, `rows` values. */
  readonly bias?: Weight;
}

/** What a backend reports about itself. */
export interface BackendInfo {
  /** Backend name as accepted by `loadModel(..., { backend })`. */
  readonly name: string;
  /** Human-readable description: device, threads, features. */
  readonly description: string;
}

/** The operations a model is made of. See the module documentation for the shared conventions. */
export interface Backend {
  /** Name and description. */
  readonly info: BackendInfo;

  /**
   * Called by the loader before any weight is allocated, with the model's total weight bytes: throws a
   * `BackendError` naming the size and the backend's limit when they cannot fit. Backends without a fixed
   * limit leave it out.
   */
  reserveWeights?(totalBytes: number): void;
  /** Throws a `BackendError` if this backend cannot compute with weights of the given type. */
  checkWeightType(desc: WeightDesc): void;
  /** Allocates storage for a weight; its bytes are then written by {@link Backend.writeWeight}. */
  allocWeight(desc: WeightDesc): Weight;
  /**
   * A host view of the weight's final storage, so a loader can read file bytes straight into it, or
   * `undefined` when the backend needs {@link Backend.writeWeight} (e.g. GPU memory).
   */
  weightHostView(weight: Weight): Uint8Array | undefined;
  /** Copies `bytes` into the weight's storage at `byteOffset`. */
  writeWeight(weight: Weight, byteOffset: number, bytes: Uint8Array): void;
  /** Allocates an `f32` activation buffer. */
  allocActivations(length: number): ActivationBuffer;
  /** Allocates KV storage for one sequence. */
  allocKv(nLayer: number, capacity: number, kvDim: number): KvStorage;

  /** `out[i] = row tokens[i] of table` for `i < n`, dequantized to f32. */
  embed(out: ActivationBuffer, table: Weight, tokens: Int32Array, n: number): void;
  /**
   * The one matrix product of the engine: `out[i] = W[rowOffset..+rows] . x[i] (+ bias)` for `i < n`, with
   * `x` rows of `W`'s column count. `x` is rounded to the weight type's `vec_dot_type` as ggml does.
   */
  linear(
    out: ActivationBuffer,
    x: ActivationBuffer,
    weight: Weight,
    n: number,
    options?: LinearOptions,
  ): void;
  /** `out[i] = x[i] / sqrt(mean(x[i]^2) + eps) * weight` for each of the `n` rows of width `weight`'s length. */
  rmsNorm(out: ActivationBuffer, x: ActivationBuffer, weight: Weight, n: number, eps: number): void;
  /** Rotates, in place, `n` rows of `nHeads` heads of `headDim`; row i is at position `pos0 + i`. */
  rope(
    x: ActivationBuffer,
    n: number,
    nHeads: number,
    headDim: number,
    pos0: number,
    params: RopeParams,
  ): void;
  /**
   * Stores the `n` key and value rows at positions `pos0..pos0+n-1` of `layer`, then computes causal attention
   * of the `n` query rows over positions `0..pos0+n-1`: `out[i] = softmax(q[i] . K^T * scale) . V` per head.
   * The caller guarantees `pos0 + n <= kv.capacity`.
   */
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
  ): void;
  /** `out = silu(gate) * up` over the first `length` elements. */
  swiglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void;
  /** `out = gelu_tanh(gate) * up` over the first `length` elements, with ggml's f16-table GELU. */
  geglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void;
  /** `out = a + b` over the first `length` elements. */
  add(out: ActivationBuffer, a: ActivationBuffer, b: ActivationBuffer, length: number): void;
  /** `x *= factor` over the first `length` elements. */
  scale(x: ActivationBuffer, factor: number, length: number): void;
  /** `x = cap * tanh(x / cap)` over the first `length` elements. */
  softcap(x: ActivationBuffer, cap: number, length: number): void;
  /** Copies `length` elements from `src[srcOffset..]` to `dst[dstOffset..]`. */
  copy(
    dst: ActivationBuffer,
    dstOffset: number,
    src: ActivationBuffer,
    srcOffset: number,
    length: number,
  ): void;
  /** Waits for queued work and copies `dst.length` elements from `src[srcOffset..]` into `dst`. */
  read(src: ActivationBuffer, srcOffset: number, dst: Float32Array): Promise<void>;
  /** Frees everything this backend allocated. */
  dispose(): void;
}
