/**
 * One error hierarchy for the whole engine.
 *
 * Every error the engine throws is a {@link RuvError}; each layer has its own subclass so that callers can
 * `catch` by layer, and every error carries structured context (what failed and where: key, tensor, byte
 * offset) plus the underlying `cause` when there is one.
 *
 * @module
 */

/** Structured context attached to an error: where it happened, never bulk data. */
export type ErrorContext = Readonly<Record<string, string | number | bigint | boolean | undefined>>;

/** Options accepted by every {@link RuvError} constructor. */
export interface RuvErrorOptions {
  /** Where the error happened (key, tensor, byte offset, ...). Rendered into the message. */
  readonly context?: ErrorContext;
  /** The error that caused this one. */
  readonly cause?: unknown;
}

function renderContext(context: ErrorContext | undefined): string {
  if (!context) return "";
  const parts = Object.entries(context)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** Base class of every error thrown by ruvllm-ts. */
export class RuvError extends Error {
  /** Structured context: where the error happened. */
  readonly context: ErrorContext;

  /** Creates an error whose message ends with the rendered context. */
  constructor(message: string, options: RuvErrorOptions = {}) {
    super(message + renderContext(options.context), { cause: options.cause });
    this.name = new.target.name;
    this.context = Object.freeze({ ...options.context });
  }
}

/** A GGUF file is malformed, truncated, hostile or uses something unsupported. */
export class GgufError extends RuvError {}

/** A tensor type or block cannot be quantized, dequantized or multiplied. */
export class QuantError extends RuvError {}

/** A model's metadata or tensors do not describe a model this engine can run. */
export class ModelError extends RuvError {}

/** The tokenizer cannot be built from the file, or input cannot be tokenized. */
export class TokenizerError extends RuvError {}

/** A configuration object (options, CLI flags, request bodies) failed validation. */
export class ConfigError extends RuvError {}

/** A backend cannot be created or cannot run an operation. */
export class BackendError extends RuvError {}

/** Generation failed: context full, aborted, or the engine was misused. */
export class EngineError extends RuvError {}

/** The KV cache has no room for more positions. */
export class ContextFullError extends EngineError {}

/** A chat template failed to render (including errors the template raises itself). */
export class TemplateError extends RuvError {}
