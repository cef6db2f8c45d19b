/**
 * The KV cache of one sequence: backend storage preallocated for the context, plus how much of it is used.
 *
 * Its length can never pass its capacity: {@link KvCache.reserve} throws a `ContextFullError` before any
 * position past the end would be written.
 *
 * @module
 */

import type { Backend, KvStorage } from "../backend.ts";
import { ContextFullError, EngineError } from "../errors.ts";

/** Preallocated keys and values for `capacity` positions of every layer, and the number in use. */
export class KvCache {
  /** Backend storage, sized once. */
  readonly storage: KvStorage;
  #length = 0;

  /** Allocates storage for `capacity` positions of `nLayer` layers of `kvDim`-wide keys and values. */
  constructor(backend: Backend, nLayer: number, capacity: number, kvDim: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new EngineError("KV cache capacity must be a positive integer", { context: { capacity } });
    }
    this.storage = backend.allocKv(nLayer, capacity, kvDim);
  }

  /** Positions that can be held. */
  get capacity(): number {
    return this.storage.capacity;
  }

  /** Positions in use; the next token goes at this position. */
  get length(): number {
    return this.#length;
  }

  /** Positions still free. */
  get free(): number {
    return this.storage.capacity - this.#length;
  }

  /**
   * Claims the next `n` positions and returns the first, or throws a `ContextFullError` (leaving the cache
   * unchanged) when fewer than `n` are free.
   */
  reserve(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new EngineError("invalid position count", { context: { n } });
    }
    if (n > this.free) {
      throw new ContextFullError("the context is full", {
        context: { used: this.#length, requested: n, capacity: this.capacity },
      });
    }
    const start = this.#length;
    this.#length += n;
    return start;
  }

  /** Forgets positions from `length` on (they will be overwritten). */
  truncate(length: number): void {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.#length) {
      throw new EngineError("cannot truncate the KV cache to that length", {
        context: { length, used: this.#length },
      });
    }
    this.#length = length;
  }

  /** Shape, never data. */
  [Symbol.for("Deno.customInspect")](): string {
    const s = this.storage;
    return `KvCache(${this.#length}/${s.capacity} positions, ${s.nLayer} layers x ${s.kvDim})`;
  }
}
