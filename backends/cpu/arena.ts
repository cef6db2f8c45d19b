/**
 * The CPU backend's memory: one shared `WebAssembly.Memory` that every thread's kernel instance imports, carved
 * up by a bump allocator.
 *
 * Everything lives in it: weights (the loader reads file bytes straight into {@link WasmArena.view}), activation
 * buffers, KV caches and scratch. Nothing is ever freed individually; the whole arena goes with the backend.
 * Allocation only happens while a model loads, so the bump pointer never needs to move back.
 *
 * wasm32 addresses are 32 bits, so the arena holds at most 4 GiB ({@link WASM32_LIMIT_BYTES}); asking for more
 * is a `BackendError` naming the size and the limit, raised before any byte is written.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";

const PAGE_BYTES = 65536;
/** Pages of a wasm32 memory: 65536 * 64 KiB = 4 GiB. */
const MAX_PAGES = 65536;
/** The most a wasm32 memory can address. */
export const WASM32_LIMIT_BYTES: number = MAX_PAGES * PAGE_BYTES;
/** Allocations start on 64-byte (cache line) boundaries. */
const ALIGN = 64;

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/** A bump allocator over a shared, growable wasm memory. */
export class WasmArena {
  /** The memory every kernel instance imports. */
  readonly memory: WebAssembly.Memory;
  #top: number;
  #u8: Uint8Array;
  #f32: Float32Array;

  /** Creates an arena; the first `reservedBytes` (control block, null page) are never handed out. */
  constructor(reservedBytes: number) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.#top = reservedBytes;
    this.#u8 = new Uint8Array(this.memory.buffer);
    this.#f32 = new Float32Array(this.memory.buffer);
    this.#ensure(reservedBytes, "reserved");
  }

  /** Bytes handed out so far (including the reserved start). */
  get used(): number {
    return this.#top;
  }

  /** All of memory as bytes (refreshed whenever the memory grows). */
  get u8(): Uint8Array {
    return this.#u8;
  }

  /** All of memory as f32 (refreshed whenever the memory grows). */
  get f32(): Float32Array {
    return this.#f32;
  }

  /**
   * Throws a `BackendError` unless `bytes` more (e.g. every weight of a model, before loading it) fit under
   * the wasm32 limit, then grows the memory once to hold them.
   */
  reserve(bytes: number, what: string): void {
    this.#ensure(this.#top + bytes, what);
  }

  /** Allocates `bytes` (64-byte aligned) and returns the byte address. */
  alloc(bytes: number, what: string): number {
    const start = Math.ceil(this.#top / ALIGN) * ALIGN;
    this.#ensure(start + bytes, what);
    this.#top = start + bytes;
    return start;
  }

  /** A byte view of `[address, address + length)` of the current memory. */
  view(address: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, address, length);
  }

  #ensure(end: number, what: string): void {
    // 16 bytes of slack: vector loads at the very end of the last allocation stay inside memory
    const needPages = Math.ceil((end + 16) / PAGE_BYTES);
    if (needPages > MAX_PAGES) {
      throw new BackendError(
        `the CPU backend cannot hold ${what}: it needs ${gib(end)} of wasm memory, the wasm32 limit is ` +
          `${gib(WASM32_LIMIT_BYTES)}`,
        { context: { what, neededBytes: end, limitBytes: WASM32_LIMIT_BYTES } },
      );
    }
    const havePages = this.memory.buffer.byteLength / PAGE_BYTES;
    if (needPages <= havePages) return;
    try {
      this.memory.grow(needPages - havePages);
    } catch (cause) {
      throw new BackendError(`could not grow wasm memory to ${gib(needPages * PAGE_BYTES)} for ${what}`, {
        context: { what, neededBytes: end },
        cause,
      });
    }
    this.#u8 = new Uint8Array(this.memory.buffer);
    this.#f32 = new Float32Array(this.memory.buffer);
  }

  /** Sizes, never contents. */
  [Symbol.for("Deno.customInspect")](): string {
    return `WasmArena(${gib(this.#top)} used of ${gib(this.memory.buffer.byteLength)} committed, shared)`;
  }
}
