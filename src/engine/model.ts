/**
 * A loaded model: weights on a backend, its tokenizer, and sessions that evaluate and generate.
 *
 * @module
 */

import { z } from "zod";
import type { Backend, BackendInfo } from "../backend.ts";
import { ConfigError, ModelError, TemplateError } from "../errors.ts";
import { type GgufFile, openGgufSource, readGguf } from "../gguf/mod.ts";
import { architectureFor } from "../models/mod.ts";
import type { Architecture } from "../models/architecture.ts";
import type { ModelConfig } from "../models/config.ts";
import { Decoder } from "../models/decoder.ts";
import { type LoadProgress, loadWeights } from "../models/load.ts";
import { type ChatMessage, createTokenizer, renderChatTemplate, type Tokenizer } from "../tokenizer/mod.ts";
import { BACKEND_NAMES, type BackendName, createBackend } from "./backends.ts";
import { generate, type GenerateOptions, type Generation } from "./generation.ts";
import { Session } from "./session.ts";
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
    return new Session(this.config, this.#decoder, this.#backend, capacity);
  }

  /**
   * Generates a continuation of `prompt` (text, or token ids used as they are) and streams it as text.
   * Uses the model's default session, which it resets first.
   */
  generate(prompt: string | ArrayLike<number>, options: GenerateOptions = {}): Generation {
    this.#session ??= this.createSession();
    return generate(this.#session, this.tokenizer, this.config.nVocab, prompt, options);
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
