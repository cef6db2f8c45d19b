/**
 * The reference backend: every `Backend` operation in plain TypeScript, on the ops of this folder.
 *
 * It is the readable definition of what each operation computes, and the oracle every faster backend is
 * tested against. Weights live in ordinary `Uint8Array`s, activations in `Float32Array`s.
 *
 * @module
 */

import type {
  ActivationBuffer,
  AttentionParams,
  Backend,
  KvStorage,
  LinearOptions,
  RopeParams,
  Weight,
  WeightDesc,
} from "../backend.ts";
import { BackendError } from "../errors.ts";
import { ggmlTypeName } from "../gguf/ggml_type.ts";
import { requireWeightFormat } from "../quant/mod.ts";
import { dequantizeRow, linear, linearScratchBytes, type MatrixView } from "./linear.ts";
import { rmsNorm } from "./rms_norm.ts";
import { rope } from "./rope.ts";
import { attention, type LayerCache, storeKv } from "./attention.ts";
import { add, geglu, scale, softcap, swiglu } from "./activations.ts";

class RefWeight implements Weight {
  readonly bytes: Uint8Array;
  /** The weight as a 2-D matrix (a 1-D tensor is one row), built once: every `linear` and `embed` reads it. */
  readonly matrix: MatrixView;
  #vector?: Float32Array;
  constructor(readonly desc: WeightDesc) {
    this.bytes = new Uint8Array(desc.byteLength);
    const rows = desc.dims.slice(1).reduce((a, b) => a * b, 1);
    this.matrix = {
      format: requireWeightFormat(desc.type, desc.name),
      bytes: this.bytes,
      cols: desc.dims[0],
      rows,
    };
  }
  /** The weight as f32 values (norm gains, biases, rope factors), converted once. */
  get vector(): Float32Array {
    if (!this.#vector) {
      const { format, cols, rows } = this.matrix;
      this.#vector = new Float32Array(cols * rows);
      format.dequantize(this.bytes, 0, this.#vector, 0, cols * rows);
    }
    return this.#vector;
  }
  [Symbol.for("Deno.customInspect")](): string {
    return `RefWeight(${this.desc.name}: ${ggmlTypeName(this.desc.type)} [${this.desc.dims.join(", ")}])`;
  }
}

class RefActivations implements ActivationBuffer {
  readonly data: Float32Array;
  constructor(readonly length: number) {
    this.data = new Float32Array(length);
  }
  [Symbol.for("Deno.customInspect")](): string {
    return `RefActivations(${this.length} f32)`;
  }
}

class RefKv implements KvStorage {
  readonly layers: LayerCache[];
  constructor(readonly nLayer: number, readonly capacity: number, readonly kvDim: number) {
    this.layers = Array.from({ length: nLayer }, () => ({
      k: new Float32Array(capacity * kvDim),
      v: new Float32Array(capacity * kvDim),
    }));
  }
  [Symbol.for("Deno.customInspect")](): string {
    return `RefKv(${this.nLayer} layers x ${this.capacity} positions x ${this.kvDim})`;
  }
}

function own<T>(value: unknown, kind: new (...args: never[]) => T, what: string): T {
  if (!(value instanceof kind)) {
    throw new BackendError(`${what} was not created by the reference backend`, {
      context: { expected: kind.name },
    });
  }
  return value;
}

/** The reference backend. Scratch grows only while the model is being set up (first use of each width). */
class ReferenceBackend implements Backend {
  readonly info = { name: "reference", description: "plain TypeScript reference ops (single thread)" };
  #linearScratch = new Uint8Array(0);
  #scores = new Float32Array(0);
  #ropeCache = new Float32Array(0);

  checkWeightType(desc: WeightDesc): void {
    requireWeightFormat(desc.type, desc.name);
  }
  allocWeight(desc: WeightDesc): Weight {
    const weight = new RefWeight(desc); // refuses types it cannot compute with
    const need = linearScratchBytes(weight.matrix.format, weight.matrix.cols);
    if (need > this.#linearScratch.length) this.#linearScratch = new Uint8Array(need);
    return weight;
  }
  weightHostView(weight: Weight): Uint8Array {
    return own(weight, RefWeight, "weight").bytes;
  }
  writeWeight(weight: Weight, byteOffset: number, bytes: Uint8Array): void {
    own(weight, RefWeight, "weight").bytes.set(bytes, byteOffset);
  }
  allocActivations(length: number): ActivationBuffer {
    return new RefActivations(length);
  }
  allocKv(nLayer: number, capacity: number, kvDim: number): KvStorage {
    if (capacity > this.#scores.length) this.#scores = new Float32Array(capacity);
    return new RefKv(nLayer, capacity, kvDim);
  }

  embed(out: ActivationBuffer, table: Weight, tokens: Int32Array, n: number): void {
    const matrix = own(table, RefWeight, "table").matrix;
    const dst = own(out, RefActivations, "out").data;
    for (let i = 0; i < n; i++) {
      const token = tokens[i];
      if (!(token >= 0 && token < matrix.rows)) {
        throw new BackendError("token id out of range", { context: { token, vocab: matrix.rows } });
      }
      dequantizeRow(matrix, token, dst, i * matrix.cols);
    }
  }
  linear(out: ActivationBuffer, x: ActivationBuffer, weight: Weight, n: number, options: LinearOptions = {}) {
    const matrix = own(weight, RefWeight, "weight").matrix;
    const rowOffset = options.rowOffset ?? 0;
    const rows = options.rows ?? matrix.rows - rowOffset;
    const bias = options.bias ? own(options.bias, RefWeight, "bias").vector : undefined;
    linear(
      own(out, RefActivations, "out").data,
      own(x, RefActivations, "x").data,
      matrix,
      n,
      rowOffset,
      rows,
      bias,
      this.#linearScratch,
    );
  }
  rmsNorm(out: ActivationBuffer, x: ActivationBuffer, weight: Weight, n: number, eps: number): void {
    rmsNorm(
      own(out, RefActivations, "out").data,
      own(x, RefActivations, "x").data,
      own(weight, RefWeight, "weight").vector,
      n,
      eps,
    );
  }
  rope(x: ActivationBuffer, n: number, nHeads: number, headDim: number, pos0: number, params: RopeParams) {
    if (params.dims > this.#ropeCache.length) this.#ropeCache = new Float32Array(params.dims);
    const freqFactors = params.freqFactors
      ? own(params.freqFactors, RefWeight, "freqFactors").vector
      : undefined;
    rope(
      own(x, RefActivations, "x").data,
      n,
      nHeads,
      headDim,
      pos0,
      { ...params, freqFactors },
      this.#ropeCache,
    );
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
    const cache = own(kv, RefKv, "kv");
    if (pos0 + n > cache.capacity) {
      throw new BackendError("attention past the KV capacity", {
        context: { pos0, n, capacity: cache.capacity },
      });
    }
    const layerCache = cache.layers[layer];
    storeKv(
      layerCache,
      own(k, RefActivations, "k").data,
      own(v, RefActivations, "v").data,
      pos0,
      n,
      cache.kvDim,
    );
    attention(
      own(out, RefActivations, "out").data,
      own(q, RefActivations, "q").data,
      layerCache,
      pos0,
      n,
      params,
      this.#scores,
    );
  }
  swiglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    swiglu(
      own(out, RefActivations, "out").data,
      own(gate, RefActivations, "gate").data,
      own(up, RefActivations, "up").data,
      length,
    );
  }
  geglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    geglu(
      own(out, RefActivations, "out").data,
      own(gate, RefActivations, "gate").data,
      own(up, RefActivations, "up").data,
      length,
    );
  }
  add(out: ActivationBuffer, a: ActivationBuffer, b: ActivationBuffer, length: number): void {
    add(
      own(out, RefActivations, "out").data,
      own(a, RefActivations, "a").data,
      own(b, RefActivations, "b").data,
      length,
    );
  }
  scale(x: ActivationBuffer, factor: number, length: number): void {
    scale(own(x, RefActivations, "x").data, factor, length);
  }
  softcap(x: ActivationBuffer, cap: number, length: number): void {
    softcap(own(x, RefActivations, "x").data, cap, length);
  }
  copy(
    dst: ActivationBuffer,
    dstOffset: number,
    src: ActivationBuffer,
    srcOffset: number,
    length: number,
  ): void {
    const from = own(src, RefActivations, "src").data;
    own(dst, RefActivations, "dst").data.set(from.subarray(srcOffset, srcOffset + length), dstOffset);
  }
  read(src: ActivationBuffer, srcOffset: number, dst: Float32Array): Promise<void> {
    dst.set(own(src, RefActivations, "src").data.subarray(srcOffset, srcOffset + dst.length));
    return Promise.resolve();
  }
  dispose(): void {}
  [Symbol.for("Deno.customInspect")](): string {
    return `ReferenceBackend`;
  }
}

/** Creates the plain-TypeScript reference backend. */
export function createReferenceBackend(): Backend {
  return new ReferenceBackend();
}
