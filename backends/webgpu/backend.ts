/**
 * The WebGPU backend: every `Backend` operation as a WGSL dispatch, all encoded into one command encoder and
 * submitted once per {@link WebGpuBackend.read} (one submission per token; only the logits come back).
 *
 * Nothing is allocated per token: activation buffers, KV caches, the activation-quantization scratch and the
 * read-back buffer are created at load time, kernel parameters go through a preallocated {@link ParamRing},
 * and bind groups are built once per buffer combination ({@link BindGroupCache}).
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
import { BackendError } from "../../src/errors.ts";
import { GgmlType, ggmlTypeName } from "../../src/gguf/ggml_type.ts";
import { geluF16Table } from "../../src/ops/activations.ts";
import type { GpuDevice } from "./device.ts";
import { BindGroupCache, GpuBinding, Kernel } from "./kernels.ts";
import type { StorageAccess } from "./kernels.ts";
import type { WebGpuOptions } from "./options.ts";
import { ParamRing } from "./param_ring.ts";
import { F16_NATIVE_FORMAT, GPU_FORMATS, type GpuFormat, type ShaderLibrary } from "./shaders.ts";
import { checkMatmulTile, planMatmulTile } from "./tiling.ts";
import { GpuWeight } from "./weights.ts";

/** Largest workgroup count per dispatch dimension WebGPU guarantees. */
const MAX_GRID = 65535;
/** Largest head dimension of wgsl/attention.wgsl (its workgroup arrays). */
const MAX_HEAD_DIM = 512;
/** Invocations per workgroup of wgsl/matvec_quant.wgsl. */
const MATVEC_WORKGROUP = 64;
/** Fewest invocations matvec_quant gives one row: at least the most accumulators of any format (9). */
const MATVEC_MIN_THREADS_PER_ROW = 16;

/** Invocations of matvec_quant per row of `blocks` blocks: the power of two that covers them, 16 to 64. */
function matvecThreadsPerRow(blocks: number): number {
  let threads = MATVEC_MIN_THREADS_PER_ROW;
  while (threads < blocks && threads < MATVEC_WORKGROUP) threads *= 2;
  return threads;
}

/** An `f32` activation buffer on the GPU. */
class GpuActivations implements ActivationBuffer {
  readonly length: number;
  readonly binding: GpuBinding;

  constructor(device: GPUDevice, length: number) {
    this.length = length;
    const buffer = device.createBuffer({
      label: `activations[${length}]`,
      size: Math.max(4, length * 4),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.binding = new GpuBinding(buffer, 0, buffer.size);
  }

  [Symbol.for("Deno.customInspect")](): string {
    return `GpuActivations(f32[${this.length}])`;
  }
}

/** One sequence's KV cache: per layer one key and one value buffer of `capacity * kvDim` f32. */
class GpuKv implements KvStorage {
  readonly nLayer: number;
  readonly capacity: number;
  readonly kvDim: number;
  readonly keys: readonly GpuBinding[];
  readonly values: readonly GpuBinding[];

  constructor(device: GPUDevice, nLayer: number, capacity: number, kvDim: number) {
    this.nLayer = nLayer;
    this.capacity = capacity;
    this.kvDim = kvDim;
    const layer = (label: string) => {
      const buffer = device.createBuffer({
        label,
        size: capacity * kvDim * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      return new GpuBinding(buffer, 0, buffer.size);
    };
    this.keys = Array.from({ length: nLayer }, (_, l) => layer(`k_cache.${l}`));
    this.values = Array.from({ length: nLayer }, (_, l) => layer(`v_cache.${l}`));
  }

  [Symbol.for("Deno.customInspect")](): string {
    return `GpuKv(${this.nLayer} layers x ${this.capacity} positions x f32[${this.kvDim}] keys and values)`;
  }
}

/** The kernels one weight format uses. */
interface FormatKernels {
  readonly format: GpuFormat;
  /** The format's lookup table on the GPU (`format_table` of embed and matvec_quant), if it has one. */
  readonly table?: GpuBinding;
  readonly embed: Kernel;
  /** matvec_float or matvec_quant. */
  readonly matvec: Kernel;
  /** matmul_tiled, float formats only. */
  readonly matmul?: Kernel;
}

/** The format-independent kernels. */
interface CommonKernels {
  readonly add: Kernel;
  readonly scale: Kernel;
  readonly softcap: Kernel;
  readonly swiglu: Kernel;
  readonly geglu: Kernel;
  readonly rmsNorm: Kernel;
  readonly rope: Kernel;
  readonly attention: Kernel;
  readonly quantizeQ8: Kernel;
  readonly quantizeQ8K: Kernel;
}

/** A read-only storage buffer holding `data` (a format's lookup table), written once. */
function uploadTable(device: GPUDevice, label: string, data: Uint32Array): GpuBinding {
  const buffer = device.createBuffer({
    label,
    size: data.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, data as Uint32Array<ArrayBuffer>);
  return new GpuBinding(buffer, 0, data.byteLength);
}

function workgroupGrid(workgroups: number): [x: number, y: number] {
  const x = Math.max(1, Math.min(workgroups, MAX_GRID));
  return [x, Math.ceil(workgroups / x)];
}

function asActivations(buffer: ActivationBuffer, what: string, needed: number): GpuActivations {
  if (!(buffer instanceof GpuActivations)) {
    throw new BackendError("activation buffer does not belong to the WebGPU backend", { context: { what } });
  }
  if (needed > buffer.length || needed < 0 || !Number.isInteger(needed)) {
    throw new BackendError("activation buffer too small for the operation", {
      context: { what, needed, length: buffer.length },
    });
  }
  return buffer;
}

function asWeight(weight: Weight): GpuWeight {
  if (!(weight instanceof GpuWeight)) {
    throw new BackendError("weight does not belong to the WebGPU backend", {
      context: { tensor: weight.desc.name },
    });
  }
  return weight;
}

function asF32Vector(weight: Weight, needed: number): GpuWeight {
  const w = asWeight(weight);
  if (w.desc.type !== GgmlType.F32 || w.rows * w.cols < needed) {
    throw new BackendError("expected an f32 vector weight", {
      context: { tensor: w.desc.name, type: ggmlTypeName(w.desc.type), needed, elements: w.rows * w.cols },
    });
  }
  return w;
}

/** The WebGPU implementation of `Backend`; create it with `createWebGpuBackend`. */
export class WebGpuBackend implements Backend {
  readonly info: BackendInfo;
  readonly #device: GPUDevice;
  readonly #shaderF16: boolean;
  readonly #common: CommonKernels;
  readonly #formats: ReadonlyMap<number, FormatKernels>;
  readonly #matmulTile: number;
  readonly #maxBinding: number;
  readonly #ring: ParamRing;
  readonly #groups: BindGroupCache;
  readonly #zeros: GpuBinding;
  readonly #geluTable: GpuBinding;
  readonly #dynamicOffset = new Uint32Array(1);
  readonly #owned: { destroy(): void }[] = [];
  #actScratch: GpuBinding;
  #readback: GPUBuffer;
  #encoder: GPUCommandEncoder | undefined;
  #pass: GPUComputePassEncoder | undefined;
  #deviceError: GPUError | undefined;

  private constructor(
    gpu: GpuDevice,
    common: CommonKernels,
    formats: ReadonlyMap<number, FormatKernels>,
    matmulTile: number,
    options: WebGpuOptions,
  ) {
    const device = gpu.device;
    this.#device = device;
    this.#shaderF16 = gpu.shaderF16;
    this.#common = common;
    this.#formats = formats;
    this.#matmulTile = matmulTile;
    this.#maxBinding = Math.min(
      options.maxBindingBytes ?? Infinity,
      device.limits.maxStorageBufferBindingSize,
    );
    this.info = Object.freeze({
      name: "webgpu",
      description: `WebGPU on ${gpu.description}${gpu.shaderF16 ? ", shader-f16" : ""}${
        gpu.packedDot ? ", dot4I8Packed" : ""
      }, matmul tile ${matmulTile}`,
    });
    this.#ring = new ParamRing(device, options.paramSlots);
    this.#groups = new BindGroupCache(device, this.#ring.buffer);
    this.#zeros = this.#storage("zeros", 16);
    const table = geluF16Table();
    this.#geluTable = this.#storage("gelu f16 table", table.byteLength);
    device.queue.writeBuffer(this.#geluTable.buffer, 0, new Uint16Array(table.buffer as ArrayBuffer));
    this.#actScratch = this.#storage("activation quantization", 16);
    this.#readback = device.createBuffer({
      size: 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    device.addEventListener("uncapturederror", (event) => {
      this.#deviceError ??= (event as GPUUncapturedErrorEvent).error;
    });
  }

  /** Compiles every kernel and builds the backend (see `createWebGpuBackend`). */
  static async create(
    gpu: GpuDevice,
    library: ShaderLibrary,
    options: WebGpuOptions,
  ): Promise<WebGpuBackend> {
    const device = gpu.device;
    const tile = options.matmulTile ?? planMatmulTile(device.limits);
    checkMatmulTile(tile, device.limits);
    const w: StorageAccess = "write", r: StorageAccess = "read";
    const compile = (
      name: string,
      files: string[],
      storage: StorageAccess[],
      constants?: Record<string, number>,
    ) => library.compose(files).then((source) => Kernel.compile(device, name, source, storage, constants));
    const grid = "common/grid.wgsl", exact = "common/exact.wgsl";
    const [add, scale, softcap, swiglu, geglu, rmsNorm, rope, attention, quantizeQ8, quantizeQ8K] =
      await Promise.all([
        compile("add", [grid, "add.wgsl"], [w, w, w]),
        compile("scale", [grid, "scale.wgsl"], [w]),
        compile("softcap", [grid, "softcap.wgsl"], [w]),
        compile("swiglu", [grid, "swiglu.wgsl"], [w, w, w]),
        compile("geglu", ["common/f16.wgsl", grid, "geglu.wgsl"], [r, w, w, w]),
        compile("rms_norm", [exact, grid, "rms_norm.wgsl"], [r, w, w]),
        compile("rope", [exact, "common/sincos.wgsl", grid, "rope.wgsl"], [r, w]),
        compile("attention", [exact, "common/exp.wgsl", "attention.wgsl"], [w, w, w, w]),
        compile("quantize_q8", ["common/f16.wgsl", exact, grid, "quantize_q8.wgsl"], [w, w]),
        compile("quantize_q8_k", [exact, grid, "quantize_q8_k.wgsl"], [w, w]),
      ]);
    const formats = new Map<number, FormatKernels>();
    await Promise.all([...GPU_FORMATS].map(async ([type, base]) => {
      const format = type === GgmlType.F16 && gpu.shaderF16 ? F16_NATIVE_FORMAT : base;
      const name = ggmlTypeName(type);
      const table = format.table && uploadTable(device, `${name} table`, format.table);
      const embed = compile(`embed/${name}`, [...format.reader, "embed.wgsl"], [r, w, r]);
      if (format.dot) {
        const files = [
          ...format.reader,
          gpu.packedDot ? "common/dot4_packed.wgsl" : "common/dot4_bytes.wgsl",
          "common/q8_activations.wgsl",
          exact,
          format.dot,
          grid,
          "matvec_quant.wgsl",
        ];
        formats.set(type, {
          format,
          table,
          embed: await embed,
          matvec: await compile(`matvec/${name}`, files, [r, r, r, w, r]),
        });
      } else {
        const [e, matvec, matmul] = await Promise.all([
          embed,
          compile(`matvec/${name}`, [...format.reader, exact, grid, "matvec_float.wgsl"], [r, w, r, w]),
          compile(`matmul/${name}`, [...format.reader, exact, "matmul_tiled.wgsl"], [r, w, r, w], {
            TILE: tile,
          }),
        ]);
        formats.set(type, { format, table, embed: e, matvec, matmul });
      }
    }));
    return new WebGpuBackend(
      gpu,
      { add, scale, softcap, swiglu, geglu, rmsNorm, rope, attention, quantizeQ8, quantizeQ8K },
      formats,
      tile,
      options,
    );
  }

  checkWeightType(desc: WeightDesc): void {
    if (this.#formats.has(desc.type)) return;
    throw new BackendError(`the WebGPU backend cannot compute with ${ggmlTypeName(desc.type)} weights`, {
      context: {
        tensor: desc.name,
        type: ggmlTypeName(desc.type),
        supported: [...this.#formats.keys()].map(ggmlTypeName).join(", "),
      },
    });
  }

  allocWeight(desc: WeightDesc): Weight {
    this.checkWeightType(desc);
    const weight = new GpuWeight(this.#device, desc, this.#maxBinding);
    this.#owned.push(weight);
    return weight;
  }

  weightHostView(_weight: Weight): Uint8Array | undefined {
    return undefined;
  }

  writeWeight(weight: Weight, byteOffset: number, bytes: Uint8Array): void {
    asWeight(weight).write(byteOffset, bytes);
  }

  allocActivations(length: number): ActivationBuffer {
    if (!Number.isInteger(length) || length < 0) {
      throw new BackendError("activation length must be a non-negative integer", { context: { length } });
    }
    const activations = new GpuActivations(this.#device, length);
    this.#owned.push(activations.binding.buffer);
    // Scratch for quantized activations (1 byte per element + 8 bytes per 32) and read-back grow with the
    // largest buffer, so that nothing is allocated once the model is loaded.
    const scratchBytes = Math.ceil(length * 1.25 / 4) * 4 + 16;
    if (scratchBytes > this.#actScratch.size) {
      this.#actScratch.buffer.destroy();
      this.#actScratch = this.#storage("activation quantization", scratchBytes);
    }
    if (length * 4 > this.#readback.size) {
      this.#readback.destroy();
      this.#readback = this.#device.createBuffer({
        label: "read-back",
        size: length * 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    }
    return activations;
  }

  allocKv(nLayer: number, capacity: number, kvDim: number): KvStorage {
    const bytes = capacity * kvDim * 4;
    if (![nLayer, capacity, kvDim].every((v) => Number.isInteger(v) && v > 0)) {
      throw new BackendError("KV cache dimensions must be positive integers", {
        context: { nLayer, capacity, kvDim },
      });
    }
    if (bytes > this.#device.limits.maxStorageBufferBindingSize) {
      throw new BackendError("one layer of the KV cache exceeds maxStorageBufferBindingSize", {
        context: { capacity, kvDim, bytes, limit: this.#device.limits.maxStorageBufferBindingSize },
      });
    }
    const kv = new GpuKv(this.#device, nLayer, capacity, kvDim);
    for (const b of [...kv.keys, ...kv.values]) this.#owned.push(b.buffer);
    return kv;
  }

  embed(out: ActivationBuffer, table: Weight, tokens: Int32Array, n: number): void {
    const w = asWeight(table);
    const o = asActivations(out, "embed out", n * w.cols);
    const { embed: kernel, table: lookup = this.#zeros } = this.#formatKernels(w);
    for (let i = 0; i < n; i++) {
      const token = tokens[i];
      if (!(token >= 0 && token < w.rows)) {
        throw new BackendError("token id outside the embedding table", {
          context: { tensor: w.desc.name, token, rows: w.rows, index: i },
        });
      }
      const window = w.window(token * w.rowBytes, w.rowBytes);
      const p = this.#ring.u32;
      p[0] = w.cols;
      p[1] = token * w.rowBytes - window.start;
      p[2] = i * w.cols;
      this.#dispatch(kernel, Math.ceil(w.cols / 256), 1, 1, window.binding, o.binding, lookup);
    }
  }

  linear(
    out: ActivationBuffer,
    x: ActivationBuffer,
    weight: Weight,
    n: number,
    options: LinearOptions = {},
  ): void {
    const w = asWeight(weight);
    const rowOffset = options.rowOffset ?? 0;
    const rows = options.rows ?? w.rows - rowOffset;
    if (!(rowOffset >= 0 && rows >= 0 && rowOffset + rows <= w.rows) || n > MAX_GRID) {
      throw new BackendError("linear rows out of range", {
        context: { tensor: w.desc.name, rowOffset, rows, weightRows: w.rows, n },
      });
    }
    const input = asActivations(x, "linear x", n * w.cols);
    const output = asActivations(out, "linear out", n * rows);
    const bias = options.bias ? asF32Vector(options.bias, rows).whole() : this.#zeros;
    const kernels = this.#formatKernels(w);
    const activations = kernels.format.activations;
    if (activations !== "float") this.#quantizeActivations(input, n * w.cols, activations);
    const chunkRows = Math.max(1, Math.floor(w.windowSpan / w.rowBytes));
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const count = Math.min(chunkRows, rows - r0);
      const window = w.window((rowOffset + r0) * w.rowBytes, count * w.rowBytes);
      const p = this.#ring.u32;
      p[0] = count;
      p[1] = w.cols;
      p[3] = (rowOffset + r0) * w.rowBytes - window.start;
      p[4] = w.rowBytes;
      p[5] = rows;
      p[6] = r0;
      p[7] = options.bias ? 1 : 0;
      p[8] = r0;
      // Then common/exact.wgsl's always-zero barrier: after the activation scales, or in their place.
      p[9] = activations !== "float" ? (n * w.cols) / 4 : 0;
      p[10] = 0;
      if (activations !== "float") {
        const threadsPerRow = matvecThreadsPerRow(w.blocksPerRow);
        const [gx, gy] = workgroupGrid(Math.ceil(count / (MATVEC_WORKGROUP / threadsPerRow)));
        p[2] = gx;
        p[11] = threadsPerRow;
        this.#dispatch(
          kernels.matvec,
          gx,
          gy,
          n,
          window.binding,
          this.#actScratch,
          bias,
          output.binding,
          kernels.table ?? this.#zeros,
        );
      } else if (n > 1) {
        const tile = this.#matmulTile;
        p[2] = n;
        this.#dispatch(
          kernels.matmul!,
          Math.ceil(count / tile),
          Math.ceil(n / tile),
          1,
          window.binding,
          input.binding,
          bias,
          output.binding,
        );
      } else {
        const [gx, gy] = workgroupGrid(count);
        p[2] = gx;
        this.#dispatch(kernels.matvec, gx, gy, 1, window.binding, input.binding, bias, output.binding);
      }
    }
  }

  rmsNorm(out: ActivationBuffer, x: ActivationBuffer, weight: Weight, n: number, eps: number): void {
    const w = asF32Vector(weight, 0);
    const cols = w.rows * w.cols;
    const input = asActivations(x, "rmsNorm x", n * cols);
    const output = asActivations(out, "rmsNorm out", n * cols);
    const [gx, gy] = workgroupGrid(n);
    const p = this.#ring.u32;
    p[0] = n;
    p[1] = cols;
    p[2] = gx;
    this.#ring.f32[3] = eps;
    p[4] = 0; // common/exact.wgsl's optimization barrier
    this.#dispatch(this.#common.rmsNorm, gx, gy, 1, w.whole(), input.binding, output.binding);
  }

  rope(
    x: ActivationBuffer,
    n: number,
    nHeads: number,
    headDim: number,
    pos0: number,
    params: RopeParams,
  ): void {
    const { dims } = params;
    if (!(dims > 0 && dims % 2 === 0 && dims <= headDim && pos0 >= 0)) {
      throw new BackendError("RoPE needs an even dims <= headDim", { context: { dims, headDim, pos0 } });
    }
    const buffer = asActivations(x, "rope x", n * nHeads * headDim);
    const factors = params.freqFactors ? asF32Vector(params.freqFactors, dims / 2).whole() : this.#zeros;
    const [gx, gy] = workgroupGrid(Math.ceil((n * dims) / 2 / 64));
    const p = this.#ring.u32, f = this.#ring.f32;
    p[0] = n;
    p[1] = nHeads;
    p[2] = headDim;
    p[3] = pos0;
    p[4] = dims;
    p[5] = params.style === "neox" ? 1 : 0;
    p[6] = gx;
    p[7] = params.freqFactors ? 1 : 0;
    f[8] = Math.pow(params.base, -2 / dims);
    f[9] = params.freqScale;
    f[10] = params.attnFactor;
    p[11] = 0; // common/exact.wgsl's optimization barrier
    this.#dispatch(this.#common.rope, gx, gy, 1, factors, buffer.binding);
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
    const { nHead, nHeadKv, headDim } = params;
    if (!(kv instanceof GpuKv)) {
      throw new BackendError("KV storage does not belong to the WebGPU backend", { context: { layer } });
    }
    // The group size divides below: reject head counts the loader should already have refused.
    if (!(nHeadKv >= 1 && nHead >= nHeadKv && nHead % nHeadKv === 0 && nHeadKv * headDim === kv.kvDim)) {
      throw new BackendError("attention head counts do not match the KV cache", {
        context: { nHead, nHeadKv, headDim, kvDim: kv.kvDim },
      });
    }
    if (!(headDim >= 1 && headDim <= MAX_HEAD_DIM && layer >= 0 && layer < kv.nLayer)) {
      throw new BackendError("attention head size or layer out of range", {
        context: { headDim, maxHeadDim: MAX_HEAD_DIM, layer, nLayer: kv.nLayer },
      });
    }
    if (!(pos0 >= 0 && n >= 0 && pos0 + n <= kv.capacity && n <= MAX_GRID && nHead <= MAX_GRID)) {
      throw new BackendError("attention positions exceed the KV cache", {
        context: { pos0, n, capacity: kv.capacity },
      });
    }
    const rowBytes = kv.kvDim * 4;
    const keys = asActivations(k, "attention k", n * kv.kvDim);
    const values = asActivations(v, "attention v", n * kv.kvDim);
    const queries = asActivations(q, "attention q", n * nHead * headDim);
    const output = asActivations(out, "attention out", n * nHead * headDim);
    if (n === 0) return;
    this.#endPass();
    const encoder = this.#currentEncoder();
    encoder.copyBufferToBuffer(keys.binding.buffer, 0, kv.keys[layer].buffer, pos0 * rowBytes, n * rowBytes);
    encoder.copyBufferToBuffer(
      values.binding.buffer,
      0,
      kv.values[layer].buffer,
      pos0 * rowBytes,
      n * rowBytes,
    );
    const p = this.#ring.u32, f = this.#ring.f32;
    p[0] = headDim;
    p[1] = kv.kvDim;
    p[2] = nHead / nHeadKv;
    p[3] = pos0;
    p[4] = params.window;
    p[5] = nHead;
    f[6] = params.scale;
    f[7] = params.softcap;
    p[8] = 0; // common/exact.wgsl's optimization barrier
    this.#dispatch(
      this.#common.attention,
      nHead,
      n,
      1,
      queries.binding,
      kv.keys[layer],
      kv.values[layer],
      output.binding,
    );
  }

  swiglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    this.#elementwise(this.#common.swiglu, length, gate, up, out);
  }

  geglu(out: ActivationBuffer, gate: ActivationBuffer, up: ActivationBuffer, length: number): void {
    const [gx, gy] = workgroupGrid(Math.ceil(length / 256));
    const g = asActivations(gate, "geglu gate", length), u = asActivations(up, "geglu up", length);
    const o = asActivations(out, "geglu out", length);
    this.#ring.u32[0] = length;
    this.#ring.u32[1] = gx;
    this.#dispatch(this.#common.geglu, gx, gy, 1, this.#geluTable, g.binding, u.binding, o.binding);
  }

  add(out: ActivationBuffer, a: ActivationBuffer, b: ActivationBuffer, length: number): void {
    this.#elementwise(this.#common.add, length, a, b, out);
  }

  scale(x: ActivationBuffer, factor: number, length: number): void {
    this.#ring.f32[2] = factor;
    this.#elementwise(this.#common.scale, length, x);
  }

  softcap(x: ActivationBuffer, cap: number, length: number): void {
    this.#ring.f32[2] = cap;
    this.#ring.f32[3] = 1 / cap;
    this.#elementwise(this.#common.softcap, length, x);
  }

  copy(
    dst: ActivationBuffer,
    dstOffset: number,
    src: ActivationBuffer,
    srcOffset: number,
    length: number,
  ): void {
    const d = asActivations(dst, "copy dst", dstOffset + length);
    const s = asActivations(src, "copy src", srcOffset + length);
    if (length === 0) return;
    this.#endPass();
    this.#currentEncoder().copyBufferToBuffer(
      s.binding.buffer,
      srcOffset * 4,
      d.binding.buffer,
      dstOffset * 4,
      length * 4,
    );
  }

  async read(src: ActivationBuffer, srcOffset: number, dst: Float32Array): Promise<void> {
    const s = asActivations(src, "read src", srcOffset + dst.length);
    this.#endPass();
    if (dst.length > 0) {
      this.#currentEncoder().copyBufferToBuffer(
        s.binding.buffer,
        srcOffset * 4,
        this.#readback,
        0,
        dst.length * 4,
      );
    }
    this.#submit();
    if (dst.length > 0) {
      await this.#readback.mapAsync(GPUMapMode.READ, 0, dst.length * 4);
      dst.set(new Float32Array(this.#readback.getMappedRange(0, dst.length * 4)));
      this.#readback.unmap();
    } else {
      await this.#device.queue.onSubmittedWorkDone();
    }
    if (this.#deviceError) {
      const error = this.#deviceError;
      this.#deviceError = undefined;
      throw new BackendError(`WebGPU device error: ${error.message}`, { cause: error });
    }
  }

  dispose(): void {
    this.#endPass();
    this.#encoder = undefined;
    for (const owned of this.#owned) owned.destroy();
    this.#owned.length = 0;
    for (const b of [this.#zeros, this.#geluTable, this.#actScratch]) b.buffer.destroy();
    for (const kernels of this.#formats.values()) kernels.table?.buffer.destroy();
    this.#readback.destroy();
    this.#ring.destroy();
    this.#device.destroy();
  }

  /** The device description and how many buffers it owns, never their contents. */
  [Symbol.for("Deno.customInspect")](): string {
    return `WebGpuBackend(${this.info.description}, ${this.#owned.length} buffers)`;
  }

  #formatKernels(w: GpuWeight): FormatKernels {
    const kernels = this.#formats.get(w.desc.type);
    if (!kernels) {
      throw new BackendError("no GPU kernels for the weight's stored type", {
        context: { tensor: w.desc.name, type: ggmlTypeName(w.desc.type) },
      });
    }
    return kernels;
  }

  // Rounds `length` activations of `x` to Q8 blocks in the scratch buffer (see wgsl/quantize_q8*.wgsl).
  #quantizeActivations(x: GpuActivations, length: number, type: "q8_0" | "q8_1" | "q8_k"): void {
    const blockElems = type === "q8_k" ? 256 : 32;
    const blocks = length / blockElems;
    const [gx, gy] = workgroupGrid(Math.ceil(blocks / 64));
    const p = this.#ring.u32;
    p[0] = blocks;
    p[1] = gx;
    p[2] = length / 4;
    p[3] = 0; // common/exact.wgsl's optimization barrier
    const kernel = type === "q8_k" ? this.#common.quantizeQ8K : this.#common.quantizeQ8;
    this.#dispatch(kernel, gx, gy, 1, x.binding, this.#actScratch);
  }

  // Element-wise kernels: params[0] = length, params[1] = grid width (params[2..] set by the caller).
  #elementwise(
    kernel: Kernel,
    length: number,
    a: ActivationBuffer,
    b?: ActivationBuffer,
    c?: ActivationBuffer,
  ) {
    const [gx, gy] = workgroupGrid(Math.ceil(length / 256));
    this.#ring.u32[0] = length;
    this.#ring.u32[1] = gx;
    this.#dispatch(
      kernel,
      gx,
      gy,
      1,
      asActivations(a, kernel.name, length).binding,
      b && asActivations(b, kernel.name, length).binding,
      c && asActivations(c, kernel.name, length).binding,
    );
  }

  // Writes the filled parameter slot and records one dispatch in the open compute pass.
  #dispatch(
    kernel: Kernel,
    x: number,
    y: number,
    z: number,
    b1: GpuBinding,
    b2?: GpuBinding,
    b3?: GpuBinding,
    b4?: GpuBinding,
    b5?: GpuBinding,
  ): void {
    this.#dynamicOffset[0] = this.#ring.take(() => this.#submit());
    const group = this.#groups.get(kernel, b1, b2, b3, b4, b5);
    this.#pass ??= this.#currentEncoder().beginComputePass();
    this.#pass.setPipeline(kernel.pipeline);
    this.#pass.setBindGroup(0, group, this.#dynamicOffset, 0, 1);
    this.#pass.dispatchWorkgroups(x, y, z);
  }

  #currentEncoder(): GPUCommandEncoder {
    this.#encoder ??= this.#device.createCommandEncoder();
    return this.#encoder;
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = undefined;
  }

  #submit(): void {
    this.#endPass();
    if (this.#encoder) this.#device.queue.submit([this.#encoder.finish()]);
    this.#encoder = undefined;
    this.#ring.reset();
  }

  #storage(label: string, size: number): GpuBinding {
    const buffer = this.#device.createBuffer({
      label,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    return new GpuBinding(buffer, 0, size);
  }
}
