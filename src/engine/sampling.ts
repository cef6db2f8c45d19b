/**
 * Token sampling: greedy, or repetition penalty -> top-k -> top-p -> min-p -> temperature -> random draw,
 * the order of llama.cpp's default sampler chain.
 *
 * A {@link Sampler} owns all its scratch (sized to the vocabulary once), so sampling a token allocates
 * nothing.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { parseFrozen } from "../validate.ts";
import { SeededRandom } from "./rng.ts";

/** Sampling settings. Every field has a default (llama.cpp's). */
export interface SamplingOptions {
  /** 0 = greedy (argmax, lowest id on ties). Default 0.8. */
  readonly temperature: number;
  /** Keep the k most likely tokens; 0 = all. Default 40. */
  readonly topK: number;
  /** Keep the smallest set of tokens whose probability reaches p; 1 = all. Default 0.95. */
  readonly topP: number;
  /** Drop tokens less likely than minP times the most likely one; 0 = off. Default 0.05. */
  readonly minP: number;
  /** Divide positive (multiply negative) logits of recent tokens by this; 1 = off (default). */
  readonly repeatPenalty: number;
  /** How many recent tokens the penalty looks at. Default 64. */
  readonly repeatLastN: number;
  /** Seed of the random draw; the same seed gives the same tokens. Default: random. */
  readonly seed?: number;
}

/** The zod fields of {@link SamplingOptions}, shared with the generate options' schema. */
export const samplingFields = {
  temperature: z.number().min(0).max(100).default(0.8),
  topK: z.number().int().min(0).default(40),
  topP: z.number().gt(0).max(1).default(0.95),
  minP: z.number().min(0).max(1).default(0.05),
  repeatPenalty: z.number().gt(0).max(100).default(1),
  repeatLastN: z.number().int().min(0).max(1 << 20).default(64),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
};

const SamplingOptionsSchema = z.strictObject(samplingFields);

/** Validates user sampling settings into frozen {@link SamplingOptions}, or throws a `ConfigError`. */
export function parseSamplingOptions(input: Partial<SamplingOptions> = {}): SamplingOptions {
  return parseFrozen(SamplingOptionsSchema, input, "sampling options", ConfigError);
}

/** True when id `a` ranks before id `b`: larger value first, lower id on ties. */
function ranksBefore(values: Float32Array, a: number, b: number): boolean {
  return values[a] > values[b] || (values[a] === values[b] && a < b);
}

/** Restores the heap order (best at the root) below `root` in `ids[0..size)`. */
function siftDown(values: Float32Array, ids: Int32Array, root: number, size: number): void {
  for (;;) {
    const left = 2 * root + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && ranksBefore(values, ids[right], ids[left]) ? right : left;
    if (!ranksBefore(values, ids[child], ids[root])) return;
    const t = ids[root];
    ids[root] = ids[child];
    ids[child] = t;
    root = child;
  }
}

/**
 * Puts the `k` best of the ids `0..n-1` into `ids[0..k)`, best first, and returns `k`: a heap built over all
 * ids, popped `k` times (O(n + k log n)), in place, so sampling allocates nothing.
 */
function selectTop(values: Float32Array, ids: Int32Array, n: number, k: number): number {
  for (let i = 0; i < n; i++) ids[i] = i;
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(values, ids, i, n);
  // Each pop moves the current best to the end of the shrinking heap: ids[n-1] is the best.
  for (let size = n; size > n - k; size--) {
    const t = ids[0];
    ids[0] = ids[size - 1];
    ids[size - 1] = t;
    siftDown(values, ids, 0, size - 1);
  }
  // ids[n-k..n) holds the best k, worst first: reverse it in place, then move it to the front.
  for (let i = n - k, j = n - 1; i < j; i++, j--) {
    const t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
  }
  ids.copyWithin(0, n - k, n);
  return k;
}

/** Index of the largest value; the lowest index wins ties (llama.cpp's greedy sampler). */
export function argmax(values: ArrayLike<number>, length = values.length): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Samples tokens from logits with fixed settings and preallocated scratch. */
export class Sampler {
  /** The settings. */
  readonly options: SamplingOptions;
  readonly #random: SeededRandom;
  readonly #logits: Float32Array;
  readonly #ids: Int32Array;
  readonly #probs: Float64Array;
  readonly #recent: Int32Array;
  #recentCount = 0;
  #recentNext = 0;

  /** A sampler for a vocabulary of `nVocab` tokens. */
  constructor(nVocab: number, options: SamplingOptions) {
    this.options = options;
    this.#random = new SeededRandom(options.seed ?? (Math.random() * 0x100000000) >>> 0);
    this.#logits = new Float32Array(nVocab);
    this.#ids = new Int32Array(nVocab);
    this.#probs = new Float64Array(nVocab);
    this.#recent = new Int32Array(options.repeatLastN);
  }

  /** Records a token (prompt or generated) for the repetition penalty. */
  accept(token: number): void {
    if (this.#recent.length === 0) return;
    this.#recent[this.#recentNext] = token;
    this.#recentNext = (this.#recentNext + 1) % this.#recent.length;
    this.#recentCount = Math.min(this.#recentCount + 1, this.#recent.length);
  }

  /** Forgets the recorded tokens. */
  reset(): void {
    this.#recentCount = 0;
    this.#recentNext = 0;
  }

  /** Picks the next token from `logits` (not modified). */
  sample(logits: Float32Array): number {
    const o = this.options;
    const n = this.#logits.length;
    const l = this.#logits;
    for (let i = 0; i < n; i++) l[i] = logits[i]; // a loop, not subarray(): no view object per token
    this.#applyRepeatPenalty(l);
    if (o.temperature <= 0) return argmax(l, n);

    // The top-k candidates sorted by logit, descending (k = all when topK is 0).
    const ids = this.#ids;
    let count = selectTop(l, ids, n, o.topK > 0 ? Math.min(o.topK, n) : n);

    // Probabilities of the kept candidates (before temperature, as llama.cpp's top-p and min-p see them).
    const probs = this.#probs;
    const max = l[ids[0]];
    let sum = 0;
    for (let i = 0; i < count; i++) sum += probs[i] = Math.exp(l[ids[i]] - max);
    if (o.topP < 1) {
      let cumulative = 0;
      for (let i = 0; i < count; i++) {
        cumulative += probs[i] / sum;
        if (cumulative >= o.topP) {
          count = i + 1;
          break;
        }
      }
    }
    if (o.minP > 0) {
      const threshold = o.minP * probs[0];
      let kept = 1;
      while (kept < count && probs[kept] >= threshold) kept++;
      count = kept;
    }

    // Temperature, then a draw from the renormalized distribution.
    sum = 0;
    for (let i = 0; i < count; i++) sum += probs[i] = Math.exp((l[ids[i]] - max) / o.temperature);
    let r = this.#random.next() * sum;
    for (let i = 0; i < count; i++) {
      r -= probs[i];
      if (r < 0) return ids[i];
    }
    return ids[count - 1];
  }

  #applyRepeatPenalty(l: Float32Array): void {
    const penalty = this.options.repeatPenalty;
    if (penalty === 1) return;
    // Each distinct recent token is penalized once, as llama.cpp does: the ids scratch (rewritten by every
    // sample) marks tokens still to penalize with -1.
    const seen = this.#ids;
    for (let i = 0; i < this.#recentCount; i++) seen[this.#recent[i]] = -1;
    for (let i = 0; i < this.#recentCount; i++) {
      const t = this.#recent[i];
      if (seen[t] !== -1) continue;
      seen[t] = 0;
      l[t] = l[t] > 0 ? l[t] / penalty : l[t] * penalty;
    }
  }
}
