/**
 * A loaded model: weights on a backend, its tokenizer, and sessions that evaluate and generate.
 *
 * @module
 */

import { z } from "zod";
import type { Backend, BackendInfo } from "../backend.ts";
import { ConfigError, EngineError, ModelError, RuvError, TemplateError } from "../errors.ts";
import { type GgufFile, openGgufSource, readGguf } from "../gguf/mod.ts";
import { architectureFor } from "../models/mod.ts";
import type { Architecture } from "../models/architecture.ts";
import type { ModelConfig } from "../models/config.ts";
import { Decoder } from "../models/decoder.ts";
import { type LoadProgress, loadWeights } from "../models/load.ts";
import { type ChatMessage, createTokenizer, renderChatTemplate, type Tokenizer } from "../tokenizer/mod.ts";
import { BACKEND_NAMES, type BackendName, createBackend } from "./backends.ts";
import { KvCache } from "./kv_cache.ts";
import { parseSamplingOptions, Sampler, samplingFields, type SamplingOptions } from "./sampling.ts";
import { parseFrozen } from "../validate.ts";

/** Options of {@link loadModel}. Unknown keys are rejected. */
export interface LoadOptions {
  /** Which backend computes (default: the first of `BACKEND_NAMES`, the fastest available). */
  readonly backend?: BackendName;
  /** Positions per session (default: the model's training context, at most 4096). */
  readonly contextLength?: number;
  /** Most tokens evaluated in one forward pass (prompt processing). Default 128. */
  readonly batchSize?: number;
  /** Size the logits buffer so that `Session.evaluateAll` can return logits of every position. */
  readonly allLogits?: boolean;
  /** CPU backend threads (default: the core count). */
  readonly threads?: number;
  /** Called as tensor data is read: bytes done, bytes total. */
  readonly onProgress?: LoadProgress;
}

const LoadOptionsSchema = z.strictObject({
  backend: z.enum(BACKEND_NAMES).default(BACKEND_NAMES[0]),
  contextLength: z.number().int().positive().max(1 << 24).optional(),
  batchSize: z.number().int().positive().max(1 << 16).default(128),
  allLogits: z.boolean().default(false),
  threads: z.number().int().positive().max(1024).optional(),
  onProgress: z.custom<LoadProgress>((v) => typeof v === "function").optional(),
});

/** One sequence's state: its KV cache and the logits of its last evaluation. */
export class Session {
  /** The KV cache (its `length` is the number of evaluated positions). */
  readonly kv: KvCache;
  readonly #model: Model;
  readonly #decoder: Decoder;
  readonly #batch: Int32Array;
  readonly #lastLogits: Float32Array;

  /** A session of `capacity` positions (use {@link Model.createSession}). */
  constructor(model: Model, decoder: Decoder, backend: Backend, capacity: number) {
    const c = model.config;
    this.#model = model;
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
    const all = new Float32Array(tokens.length * this.#model.config.nVocab);
    await this.#run(tokens, all);
    return all;
  }

  async #run(tokens: ArrayLike<number>, all: Float32Array | undefined): Promise<Float32Array> {
    const nVocab = this.#model.config.nVocab;
    if (tokens.length === 0) throw new EngineError("nothing to evaluate: no tokens");
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!Number.isInteger(t) || t < 0 || t >= nVocab) {
        throw new EngineError("token id out of range", { context: { index: i, token: t, nVocab } });
      }
    }
    const start = this.kv.length;
    this.kv.reserve(tokens.length);
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

/** Options of {@link Model.generate}: the sampling settings plus these. Unknown keys are rejected. */
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

/** A model loaded on a backend, ready to evaluate and generate. */
export class Model {
  /** The validated hyper-parameters. */
  readonly config: ModelConfig;
  /** The architecture module. */
  readonly architecture: Architecture;
  /** The tokenizer built from the file's metadata. */
  readonly tokenizer: Tokenizer;
  /** Positions each session holds. */
  readonly contextLength: number;
  /** The parsed GGUF header (metadata and tensor infos). */
  readonly file: GgufFile;
  readonly #backend: Backend;
  readonly #decoder: Decoder;
  #session?: Session;

  /** Use {@link loadModel}. */
  constructor(
    file: GgufFile,
    architecture: Architecture,
    config: ModelConfig,
    tokenizer: Tokenizer,
    backend: Backend,
    decoder: Decoder,
    contextLength: number,
  ) {
    this.file = file;
    this.architecture = architecture;
    this.config = config;
    this.tokenizer = tokenizer;
    this.#backend = backend;
    this.#decoder = decoder;
    this.contextLength = contextLength;
  }

  /** The backend computing this model. */
  get backend(): BackendInfo {
    return this.#backend.info;
  }

  /** A new session with its own KV cache of `capacity` positions (default: the context length). */
  createSession(capacity: number = this.contextLength): Session {
    return new Session(this, this.#decoder, this.#backend, capacity);
  }

  /**
   * Generates a continuation of `prompt` (text, or token ids used as they are) and streams it as text.
   * Uses the model's default session, which it resets first.
   */
  generate(prompt: string | ArrayLike<number>, options: GenerateOptions = {}): Generation {
    const o = parseFrozen(GenerateOptionsSchema, options, "generate options", ConfigError);
    const { maxTokens, stopAtEog, addSpecial, parseSpecial, signal, ...samplingInput } = o;
    const sampling = parseSamplingOptions(samplingInput);
    const session = this.#session ??= this.createSession();
    const tokenizer = this.tokenizer;
    const nVocab = this.config.nVocab;
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

  /**
   * Renders `messages` with the model's chat template (`tokenizer.chat_template`) and generates the
   * assistant's reply, stopping at end-of-turn tokens. Special-token text in the rendered prompt (such as
   * `<|im_start|>`) becomes special tokens; BOS is added only when the template did not write it.
   */
  chat(messages: readonly ChatMessage[], options: GenerateOptions = {}): Generation {
    const prompt = this.renderChat(messages, true);
    const bosText = this.#tokenText(this.tokenizer.bos);
    const templateWroteBos = bosText !== "" && prompt.startsWith(bosText);
    const ids = this.tokenizer.encode(prompt, { addSpecial: !templateWroteBos, parseSpecial: true });
    return this.generate(ids, options);
  }

  /** The chat template of the file applied to `messages`, or a `TemplateError`. */
  renderChat(messages: readonly ChatMessage[], addGenerationPrompt: boolean): string {
    const template = this.file.metadata.stringOr("tokenizer.chat_template", "");
    if (!template) {
      throw new TemplateError("the model file has no chat template", {
        context: { key: "tokenizer.chat_template" },
      });
    }
    return renderChatTemplate(template, messages, {
      addGenerationPrompt,
      bosToken: this.#tokenText(this.tokenizer.bos),
      eosToken: this.#tokenText(this.tokenizer.eos),
    });
  }

  /** The text of a special token (`<s>`, `<|im_end|>`), or "" when the vocabulary has none. */
  #tokenText(id: number | undefined): string {
    return id === undefined ? "" : new TextDecoder().decode(this.tokenizer.tokenToPiece(id, true));
  }

  /** Frees the backend's memory; the model cannot be used afterwards. */
  dispose(): void {
    this.#backend.dispose();
  }

  /** Shapes and names, never weights or prompts. */
  [Symbol.for("Deno.customInspect")](): string {
    const c = this.config;
    return `Model(${c.architecture}, ${c.nLayer} layers, ${c.nEmbd} wide, vocab ${c.nVocab}, ` +
      `context ${this.contextLength}, backend ${this.#backend.info.name})`;
  }
}

/**
 * Loads a GGUF model from a path or from bytes onto a backend, streaming tensors into place.
 *
 * ```ts
 * const model = await loadModel("stories260K.gguf");
 * for await (const piece of model.generate("Once upon a time", { maxTokens: 50, temperature: 0 })) {
 *   console.log(piece);
 * }
 * ```
 */
export async function loadModel(pathOrBytes: string | Uint8Array, options: LoadOptions = {}): Promise<Model> {
  const o = parseFrozen(LoadOptionsSchema, options, "load options", ConfigError);
  const source = await openGgufSource(pathOrBytes);
  try {
    const file = await readGguf(source);
    const architecture = architectureFor(file.metadata);
    const embedding = file.tensor("token_embd.weight");
    if (!embedding || embedding.dims.length !== 2) {
      throw new ModelError("the model has no 2-D token_embd.weight tensor", {
        context: { tensor: "token_embd.weight" },
      });
    }
    const config = architecture.config(file.metadata, embedding.dims[1]);
    const tokenizer = createTokenizer(file.metadata);
    const contextLength = o.contextLength ?? Math.min(config.contextLength, 4096);
    const backend = await createBackend(o.backend, { threads: o.threads });
    try {
      const weights = await loadWeights(
        source,
        file,
        architecture,
        config,
        backend,
        contextLength,
        o.onProgress,
      );
      const decoder = new Decoder(
        backend,
        architecture,
        config,
        weights,
        Math.min(o.batchSize, contextLength),
        o.allLogits,
      );
      return new Model(file, architecture, config, tokenizer, backend, decoder, contextLength);
    } catch (error) {
      backend.dispose();
      throw error;
    }
  } finally {
    source.close();
  }
}
