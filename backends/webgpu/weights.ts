/**
 * Weight tensors in GPU memory: allocation, chunked upload, and binding ranges for tensors larger than one
 * storage binding.
 *
 * Weights are stored as the raw ggml bytes, which the WGSL format readers decode. Uploads come in bounded chunks
 * from the loader (`weightHostView` is `undefined`); WebGPU writes whole 4-byte words, so the few bytes of a
 * chunk that share a word with a neighbouring chunk are merged on the host.
 *
 * @module
 */

import type { Weight, WeightDesc } from "../../src/backend.ts";
import { BackendError } from "../../src/errors.ts";
import { ggmlTypeInfo, ggmlTypeName } from "../../src/gguf/ggml_type.ts";
import { GpuBinding } from "./kernels.ts";

/** A binding range and the byte offset in the tensor where it starts. */
export interface WeightWindow {
  /** The bound range. */
  readonly binding: GpuBinding;
  /** Tensor byte offset of the range's first byte. */
  readonly start: number;
}

/** A weight tensor on the GPU. */
export class GpuWeight implements Weight {
  /** The tensor as the file describes it. */
  readonly desc: WeightDesc;
  /** Elements per row (`dims[0]`). */
  readonly cols: number;
  /** Rows (product of the other dims). */
  readonly rows: number;
  /** Blocks per row (`cols / blockSize`). */
  readonly blocksPerRow: number;
  /** Bytes per stored row. */
  readonly rowBytes: number;
  /** The buffer (its size rounded up to 4 bytes). */
  readonly buffer: GPUBuffer;
  readonly #windows: readonly WeightWindow[];
  readonly #windowStep: number;
  readonly #queue: GPUQueue;
  readonly #edgeWords = new Map<number, Uint8Array<ArrayBuffer>>();

  /** Allocates GPU storage for `desc`, bound in ranges of at most `maxBinding` bytes. */
  constructor(device: GPUDevice, desc: WeightDesc, maxBinding: number) {
    const info = ggmlTypeInfo(desc.type);
    if (!info || desc.dims.length === 0) {
      throw new BackendError("cannot allocate a weight of unknown type or shape", {
        context: { tensor: desc.name, type: ggmlTypeName(desc.type) },
      });
    }
    if (desc.dims[0] % info.blockSize !== 0) {
      throw new BackendError("weight rows are not a whole number of blocks", {
        context: { tensor: desc.name, type: info.name, cols: desc.dims[0], blockSize: info.blockSize },
      });
    }
    this.desc = desc;
    this.cols = desc.dims[0];
    this.rows = desc.dims.slice(1).reduce((a, b) => a * b, 1);
    this.blocksPerRow = this.cols / info.blockSize;
    this.rowBytes = this.blocksPerRow * info.typeSize;
    const bytes = this.rows * this.rowBytes;
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const limits = device.limits;
    if (size > limits.maxBufferSize) {
      throw new BackendError("weight is larger than the device's maxBufferSize", {
        context: { tensor: desc.name, bytes: size, maxBufferSize: limits.maxBufferSize },
      });
    }
    this.buffer = device.createBuffer({
      label: desc.name,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.#queue = device.queue;
    // Tensors above the binding limit are bound through overlapping windows of two steps each: any range of
    // at most one step lies inside the window starting at the step below it.
    const align = limits.minStorageBufferOffsetAlignment;
    this.#windowStep = size <= maxBinding ? size : Math.floor(maxBinding / 2 / align) * align;
    const windows: WeightWindow[] = [];
    for (let start = 0; start < size; start += this.#windowStep) {
      const windowSize = Math.min(size - start, size <= maxBinding ? size : 2 * this.#windowStep);
      windows.push({ binding: new GpuBinding(this.buffer, start, windowSize), start });
    }
    this.#windows = windows;
  }

  /** Largest byte span {@link GpuWeight.window} can serve. */
  get windowSpan(): number {
    return this.#windowStep;
  }

  /** The window holding tensor bytes `[start, start + length)`; `length` is at most {@link windowSpan}. */
  window(start: number, length: number): WeightWindow {
    const window = this.#windows[Math.floor(start / this.#windowStep)];
    if (!window || start + length > window.start + window.binding.size) {
      throw new BackendError("weight range does not fit one binding", {
        context: { tensor: this.desc.name, start, length, span: this.#windowStep },
      });
    }
    return window;
  }

  /** The whole tensor as one binding (small tensors: norms, biases, frequency factors). */
  whole(): GpuBinding {
    if (this.#windows.length !== 1) {
      throw new BackendError("tensor is too large to bind whole", { context: { tensor: this.desc.name } });
    }
    return this.#windows[0].binding;
  }

  /** Uploads `bytes` of the file's tensor data at `byteOffset`. */
  write(byteOffset: number, bytes: Uint8Array): void {
    if (byteOffset < 0 || byteOffset + bytes.length > this.desc.byteLength) {
      throw new BackendError("weight write out of bounds", {
        context: {
          tensor: this.desc.name,
          byteOffset,
          length: bytes.length,
          byteLength: this.desc.byteLength,
        },
      });
    }
    const end = byteOffset + bytes.length;
    const alignedStart = Math.min(end, Math.ceil(byteOffset / 4) * 4);
    const alignedEnd = Math.max(alignedStart, Math.floor(end / 4) * 4);
    if (alignedEnd > alignedStart) {
      this.#queue.writeBuffer(
        this.buffer,
        alignedStart,
        bytes as Uint8Array<ArrayBuffer>, // writeBuffer copies at once; the backing buffer's kind does not matter
        alignedStart - byteOffset,
        alignedEnd - alignedStart,
      );
    }
    for (let b = byteOffset; b < alignedStart; b++) this.#writeEdgeByte(b, bytes[b - byteOffset]);
    for (let b = alignedEnd; b < end; b++) this.#writeEdgeByte(b, bytes[b - byteOffset]);
  }

  // A byte whose word is shared with another chunk: keep the word's known bytes and rewrite the whole word.
  #writeEdgeByte(byte: number, value: number): void {
    const word = byte >> 2;
    let known = this.#edgeWords.get(word);
    if (!known) {
      known = new Uint8Array(4);
      this.#edgeWords.set(word, known);
    }
    known[byte & 3] = value;
    this.#queue.writeBuffer(this.buffer, word * 4, known);
  }

  /** Frees the buffer. */
  destroy(): void {
    this.buffer.destroy();
  }

  /** Shape and types, never the data. */
  [Symbol.for("Deno.customInspect")](): string {
    return `GpuWeight(${this.desc.name} ${ggmlTypeName(this.desc.type)} [${this.desc.dims.join(", ")}])`;
  }
}
