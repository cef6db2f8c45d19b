/**
 * Compute pipelines with explicit bind-group layouts, and a cache of bind groups.
 *
 * Every kernel uses bind group 0: binding 0 is its parameter slot (a uniform with a dynamic offset into the
 * {@link ParamRing}), bindings 1.. are storage buffers. Bind groups depend only on which buffers (or buffer
 * ranges) are bound, so they are built once per combination and found again through a small tree keyed by
 * numeric binding ids: looking one up allocates nothing.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";
import { PARAM_SLOT_BYTES } from "./param_ring.ts";

/** How a kernel binds a storage buffer: `"read"` = `var<storage, read>`, `"write"` = `read_write`. */
export type StorageAccess = "read" | "write";

/** A bindable buffer range with a numeric identity (the bind-group cache key). */
export class GpuBinding {
  static #nextId = 1;
  /** Unique id. */
  readonly id: number = GpuBinding.#nextId++;
  /** The buffer. */
  readonly buffer: GPUBuffer;
  /** Byte offset of the range (a multiple of `minStorageBufferOffsetAlignment`). */
  readonly offset: number;
  /** Byte size of the range. */
  readonly size: number;

  /** A range of `buffer`. */
  constructor(buffer: GPUBuffer, offset: number, size: number) {
    this.buffer = buffer;
    this.offset = offset;
    this.size = size;
  }
}

/** A compute pipeline and its bind-group layout. */
export class Kernel {
  static #nextId = 1;
  /** Unique id (first level of the bind-group cache). */
  readonly id: number = Kernel.#nextId++;
  /** Name for messages, e.g. `"matvec_quant/Q4_K"`. */
  readonly name: string;
  /** The pipeline. */
  readonly pipeline: GPUComputePipeline;
  /** Layout of bind group 0. */
  readonly layout: GPUBindGroupLayout;
  /** Storage access of bindings 1, 2, ... */
  readonly storage: readonly StorageAccess[];

  private constructor(
    name: string,
    pipeline: GPUComputePipeline,
    layout: GPUBindGroupLayout,
    storage: readonly StorageAccess[],
  ) {
    this.name = name;
    this.pipeline = pipeline;
    this.layout = layout;
    this.storage = storage;
  }

  /**
   * Compiles `source` (entry point `main`; `constants` are WGSL `override` values) and waits for it, so a
   * compile error is a `BackendError` naming the kernel.
   */
  static async compile(
    device: GPUDevice,
    name: string,
    source: string,
    storage: readonly StorageAccess[],
    constants: Record<string, number> = {},
  ): Promise<Kernel> {
    const layout = Kernel.#layout(device, name, storage);
    try {
      const pipeline = await device.createComputePipelineAsync({
        label: name,
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: {
          module: device.createShaderModule({ label: name, code: source }),
          entryPoint: "main",
          constants,
        },
      });
      return new Kernel(name, pipeline, layout, storage);
    } catch (cause) {
      throw new BackendError("WGSL kernel failed to compile", { context: { kernel: name }, cause });
    }
  }

  static #layout(device: GPUDevice, name: string, storage: readonly StorageAccess[]): GPUBindGroupLayout {
    return device.createBindGroupLayout({
      label: name,
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: PARAM_SLOT_BYTES },
        },
        ...storage.map((access, i) => ({
          binding: i + 1,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: access === "read" ? "read-only-storage" as const : "storage" as const },
        })),
      ],
    });
  }
}

interface CacheNode {
  readonly children: Map<number, CacheNode>;
  group?: GPUBindGroup;
}

/** Bind groups by (kernel, bound ranges), built on first use. */
export class BindGroupCache {
  readonly #device: GPUDevice;
  readonly #params: GPUBuffer;
  readonly #root: CacheNode = { children: new Map() };

  /** A cache whose groups bind `params` (the param ring) at binding 0. */
  constructor(device: GPUDevice, params: GPUBuffer) {
    this.#device = device;
    this.#params = params;
  }

  /** The bind group of `kernel` with bindings 1.. = the given ranges (as many as the kernel declares). */
  get(
    kernel: Kernel,
    b1: GpuBinding,
    b2?: GpuBinding,
    b3?: GpuBinding,
    b4?: GpuBinding,
    b5?: GpuBinding,
  ): GPUBindGroup {
    let node = this.#child(this.#root, kernel.id);
    node = this.#child(node, b1.id);
    if (b2) node = this.#child(node, b2.id);
    if (b3) node = this.#child(node, b3.id);
    if (b4) node = this.#child(node, b4.id);
    if (b5) node = this.#child(node, b5.id);
    node.group ??= this.#create(kernel, [b1, b2, b3, b4, b5].filter((b) => b !== undefined));
    return node.group;
  }

  #child(node: CacheNode, key: number): CacheNode {
    let child = node.children.get(key);
    if (!child) {
      child = { children: new Map() };
      node.children.set(key, child);
    }
    return child;
  }

  #create(kernel: Kernel, bindings: GpuBinding[]): GPUBindGroup {
    if (bindings.length !== kernel.storage.length) {
      throw new BackendError("wrong number of buffers for a kernel", {
        context: { kernel: kernel.name, expected: kernel.storage.length, got: bindings.length },
      });
    }
    return this.#device.createBindGroup({
      label: kernel.name,
      layout: kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: this.#params, offset: 0, size: PARAM_SLOT_BYTES } },
        ...bindings.map((b, i) => ({
          binding: i + 1,
          resource: { buffer: b.buffer, offset: b.offset, size: b.size },
        })),
      ],
    });
  }
}
