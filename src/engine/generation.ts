/**
 * Generation: sampling tokens one by one from a session and streaming them as text.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError } from "../errors.ts";
import type { Tokenizer } from "../tokenizer/mod.ts";
import { parseFrozen } from "../validate.ts";
import { Sampler, samplingFields, type SamplingOptions } from "./sampling.ts";
import type { Session } from "./session.ts";

/** Options of `Model.generate`: the sampling settings plus these. Unknown keys are rejected. */
export interface GenerateOptions extends Partial<SamplingOptions> {
  /** Most tokens to generate. Default 256. */
  readonly maxTokens?: number;
  /** Stop at end-of-generation tokens (EOS, end-of-turn). Default true. */
  readonly stopAtEog?: boolean;
  /** Add BOS/EOS as the vocabulary says when the prompt is text. Default true. */
  readonly addSpecial?: boolean;
  /** Parse special-token text (like `<s>`) in a text prompt. Default false. */
  readonly parseSpecial?: boolean;
  /** Stops generation when aborted (the iteration ends quietly). */
  readonly signal?: AbortSignal;
}

const GenerateOptionsSchema = z.strictObject({
  ...samplingFields,
  maxTokens: z.number().int().min(0).max(1 << 24).default(256),
  stopAtEog: z.boolean().default(true),
  addSpecial: z.boolean().default(true),
  parseSpecial: z.boolean().default(false),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
});

/** Why a generation ended. */
export type FinishReason = "length" | "eog" | "context" | "aborted";

/** Counts and timings of one generation. */
export interface GenerationStats {
  /** Prompt tokens evaluated. */
  promptTokens: number;
  /** Milliseconds spent evaluating the prompt. */
  promptMs: number;
  /** Tokens generated. */
  generatedTokens: number;
  /** Milliseconds spent generating (sampling and decoding). */
  generateMs: number;
  /** The generated token ids. */
  tokens: number[];
  /** Why it ended; undefined while running. */
  finishReason?: FinishReason;
}

/** A generation in progress: iterate it for text pieces; {@link Generation.stats} fills in as it runs. */
export class Generation implements AsyncIterable<string> {
  /** Counts, timings and generated ids. */
  readonly stats: GenerationStats = {
    promptTokens: 0,
    promptMs: 0,
    generatedTokens: 0,
    generateMs: 0,
    tokens: [],
  };
  readonly #run: (stats: GenerationStats) => AsyncGenerator<string>;

  /** Wraps a generator function (use {@link Model.generate}). */
  constructor(run: (stats: GenerationStats) => AsyncGenerator<string>) {
    this.#run = run;
  }

  /** Yields decoded text as it is generated; never splits a UTF-8 character. */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return this.#run(this.stats);
  }

  /** Runs to the end and returns the whole text. */
  async text(): Promise<string> {
    let text = "";
    for await (const piece of this) text += piece;
    return text;
  }
}

/**
 * Generates a continuation of `prompt` (text, or token ids used as they are) on `session`, which it resets
 * first, and streams it as text: sample, stop at end-of-generation tokens, the token budget, the context's
 * end or the abort signal, and decode pieces without splitting UTF-8 characters.
 */
export function generate(
  session: Session,
  tokenizer: Tokenizer,
  nVocab: number,
  prompt: string | ArrayLike<number>,
  options: GenerateOptions = {},
): Generation {
  const o = parseFrozen(GenerateOptionsSchema, options, "generate options", ConfigError);
  // The schema holds the sampling fields too: what remains is already validated, with defaults filled in.
  const { maxTokens, stopAtEog, addSpecial, parseSpecial, signal, ...rest } = o;
  const sampling: SamplingOptions = Object.freeze(rest);
  return new Generation(async function* (stats) {
    const promptTokens = typeof prompt === "string"
      ? tokenizer.encode(prompt, { addSpecial, parseSpecial })
      : Int32Array.from(prompt);
    const sampler = new Sampler(nVocab, sampling);
    for (const t of promptTokens) sampler.accept(t);
    session.reset();
    const t0 = performance.now();
    let logits = await session.evaluate(promptTokens);
    stats.promptTokens = promptTokens.length;
    stats.promptMs = performance.now() - t0;
    const decoder = tokenizer.createStreamDecoder();
    const one = new Int32Array(1);
    const t1 = performance.now();
    stats.finishReason = "length";
    for (let i = 0; i < maxTokens; i++) {
      if (signal?.aborted) {
        stats.finishReason = "aborted";
        break;
      }
      const token = sampler.sample(logits);
      sampler.accept(token);
      if (stopAtEog && tokenizer.isEndOfGeneration(token)) {
        stats.finishReason = "eog";
        break;
      }
      stats.tokens.push(token);
      stats.generatedTokens++;
      const piece = decoder.push(token);
      if (piece) yield piece;
      if (i + 1 === maxTokens) break;
      if (session.kv.free === 0) {
        stats.finishReason = "context";
        break;
      }
      one[0] = token;
      logits = await session.evaluate(one);
      stats.generateMs = performance.now() - t1;
    }
    stats.generateMs = performance.now() - t1;
    const rest = decoder.flush();
    if (rest) yield rest;
  });
}
