/**
 * A session: one sequence's KV cache and the evaluation of tokens at its next positions.
 *
 * @module
 */

import type { Backend } from "../backend.ts";
import { EngineError, RuvError } from "../errors.ts";
import type { ModelConfig } from "../models/config.ts";
import type { Decoder } from "../models/decoder.ts";
import { KvCache } from "./kv_cache.ts";

/** One sequence's state: its KV cache and the logits of its last evaluation. */
export class Session {
  /** The KV cache (its `length` is the number of evaluated positions). */
  readonly kv: KvCache;
  readonly #nVocab: number;
  readonly #decoder: Decoder;
  readonly #batch: Int32Array;
  readonly #lastLogits: Float32Array;

  /** A session of `capacity` positions for the model `config` computed by `decoder` (use `Model.createSession`). */
  constructor(config: ModelConfig, decoder: Decoder, backend: Backend, capacity: number) {
    const c = config;
    this.#nVocab = c.nVocab;
    this.#decoder = decoder;
    this.kv = new KvCache(backend, c.nLayer, capacity, c.nHeadKv * c.headDim);
    this.#batch = new Int32Array(decoder.maxBatch);
    this.#lastLogits = new Float32Array(c.nVocab);
  }

  /** Forgets every evaluated position. */
  reset(): void {
    this.kv.truncate(0);
  }

  /**
   * Evaluates `tokens` at the next positions and returns the logits of the last one. The returned array is
   * owned by the session and overwritten by the next call.
   */
  evaluate(tokens: ArrayLike<number>): Promise<Float32Array> {
    return this.#run(tokens, undefined);
  }

  /** Evaluates `tokens` and returns the logits of every position, `tokens.length * nVocab` floats. */
  async evaluateAll(tokens: ArrayLike<number>): Promise<Float32Array> {
    const all = new Float32Array(tokens.length * this.#nVocab);
    await this.#run(tokens, all);
    return all;
  }

  async #run(tokens: ArrayLike<number>, all: Float32Array | undefined): Promise<Float32Array> {
    const nVocab = this.#nVocab;
    if (tokens.length === 0) {
      throw new EngineError("nothing to evaluate: no tokens", { context: { position: this.kv.length } });
    }
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!Number.isInteger(t) || t < 0 || t >= nVocab) {
        throw new EngineError("token id out of range", { context: { index: i, token: t, nVocab } });
      }
    }
    const start = this.kv.reserve(tokens.length);
    try {
      for (let done = 0; done < tokens.length;) {
        const n = Math.min(this.#decoder.maxBatch, tokens.length - done);
        for (let i = 0; i < n; i++) this.#batch[i] = tokens[done + i];
        const rows = this.#decoder.forward(this.#batch, n, start + done, this.kv.storage, all !== undefined);
        if (all) {
          await this.#decoder.readLogits(all.subarray(done * nVocab, (done + rows) * nVocab));
        } else if (done + n === tokens.length) {
          await this.#decoder.readLogits(this.#lastLogits);
        }
        done += n;
      }
    } catch (cause) {
      this.kv.truncate(start);
      if (cause instanceof RuvError) throw cause;
      throw new EngineError("evaluation failed", { context: { position: start }, cause });
    }
    if (all) this.#lastLogits.set(all.subarray(all.length - nVocab));
    return this.#lastLogits;
  }

  /** Shape, never data. */
  [Symbol.for("Deno.customInspect")](): string {
    return `Session(${this.kv.length}/${this.kv.capacity} positions)`;
  }
}
