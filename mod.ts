/**
 * ruvllm-ts: a readable, all-TypeScript LLM inference engine for Deno that loads GGUF files and computes
 * like llama.cpp.
 *
 * ```ts
 * import { loadModel } from "@ruvllm/ruvllm-ts";
 *
 * const model = await loadModel("stories260K.gguf");
 * for await (const piece of model.generate("Once upon a time", { maxTokens: 64, temperature: 0 })) {
 *   await Deno.stdout.write(new TextEncoder().encode(piece));
 * }
 * model.dispose();
 * ```
 *
 * @module
 */

export { loadModel, type LoadOptions, Model } from "./src/engine/model.ts";
export { Session } from "./src/engine/session.ts";
export {
  type FinishReason,
  type GenerateOptions,
  Generation,
  type GenerationStats,
} from "./src/engine/generation.ts";
export { KvCache } from "./src/engine/kv_cache.ts";
export { argmax, parseSamplingOptions, Sampler, type SamplingOptions } from "./src/engine/sampling.ts";
export { SeededRandom } from "./src/engine/rng.ts";
export { negativeLogLikelihood, perplexity, type PerplexityResult } from "./src/engine/perplexity.ts";
export {
  BACKEND_NAMES,
  type BackendName,
  type BackendOptions,
  createBackend,
} from "./src/engine/backends.ts";
export type {
  ActivationBuffer,
  AttentionParams,
  Backend,
  BackendInfo,
  KvStorage,
  LinearOptions,
  RopeParams,
  RopeSettings,
  Weight,
  WeightDesc,
} from "./src/backend.ts";
export { createReferenceBackend } from "./src/ops/reference_backend.ts";
export { architectureFor, ARCHITECTURES } from "./src/models/mod.ts";
export type { LoadProgress } from "./src/models/load.ts";
export type { Architecture } from "./src/models/architecture.ts";
export { type ModelConfig, parseModelConfig } from "./src/models/config.ts";
export * from "./src/gguf/mod.ts";
export {
  type BlockFormat,
  blockFormat,
  requireWeightFormat,
  rowBytes,
  supportedTypeNames,
} from "./src/quant/mod.ts";
export * from "./src/tokenizer/mod.ts";
export * from "./src/errors.ts";
