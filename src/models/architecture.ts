/**
 * What an architecture module declares: how to read its hyper-parameters and which tensor layout it uses.
 *
 * The forward pass itself is shared (`decoder.ts`): an architecture only states what differs from llama.
 *
 * @module
 */

import type { GgufMetadata } from "../gguf/mod.ts";
import { ModelError } from "../errors.ts";
import { type ModelConfig, parseModelConfig } from "./config.ts";

/** An architecture: a name, its hyper-parameters and the few structural switches of the shared decoder. */
export interface Architecture {
  /** `general.architecture` value. */
  readonly name: string;
  /** Q, K and V are row ranges of one `attn_qkv` tensor (phi3). */
  readonly fusedQkv: boolean;
  /** Gate and up are the two halves of one `ffn_up` tensor (phi3). */
  readonly fusedGateUp: boolean;
  /** RMSNorms after attention and after the FFN, before the residual add (gemma2). */
  readonly postNorms: boolean;
  /** Reads and validates the hyper-parameters. `nVocab` comes from the embedding tensor. */
  config(metadata: GgufMetadata, nVocab: number): ModelConfig;
  /** Name of the per-frequency RoPE divisor tensor to use for a context of `nCtx`, if any. */
  ropeFactorsTensor(metadata: GgufMetadata, nCtx: number): string | undefined;
}

/** RoPE scaling types (`<arch>.rope.scaling.type`) the engine computes like llama.cpp. */
export const ROPE_SCALING_TYPES: readonly string[] = ["none", "linear", "longrope"];

/** The hyper-parameters every architecture stores under `<arch>.`, with llama's defaults for the rest. */
export function llamaLikeConfig(
  metadata: GgufMetadata,
  arch: string,
  nVocab: number,
  overrides: Partial<Omit<ModelConfig, "rope">> & { ropeStyle: "norm" | "neox" },
): ModelConfig {
  const key = (name: string) => `${arch}.${name}`;
  const nEmbd = metadata.number(key("embedding_length"));
  const nHead = metadata.number(key("attention.head_count"));
  // A head_count_kv of 0 is kept as 0 so that validation rejects it rather than defaulting it away.
  const nHeadKv = metadata.numberOr(key("attention.head_count_kv"), nHead);
  const headDim = metadata.numberOr(key("attention.key_length"), nHead > 0 ? nEmbd / nHead : 0);
  const { ropeStyle, ...rest } = overrides;
  // Linear scaling and LongRoPE (factor tensors) are supported; YaRN's interpolation ramp is not yet.
  const scaling = metadata.stringOr(key("rope.scaling.type"), "none");
  if (!ROPE_SCALING_TYPES.includes(scaling)) {
    throw new ModelError(
      `rope scaling type ${JSON.stringify(scaling)} is not supported; supported: ${
        ROPE_SCALING_TYPES.join(", ")
      }`,
      { context: { key: key("rope.scaling.type") } },
    );
  }
  return parseModelConfig({
    architecture: arch,
    nVocab,
    nEmbd,
    nLayer: metadata.number(key("block_count")),
    nHead,
    nHeadKv,
    headDim,
    nFf: metadata.number(key("feed_forward_length")),
    contextLength: metadata.number(key("context_length")),
    rmsEps: metadata.number(key("attention.layer_norm_rms_epsilon")),
    rope: {
      dims: metadata.numberOr(key("rope.dimension_count"), headDim),
      style: ropeStyle,
      base: metadata.numberOr(key("rope.freq_base"), 10000),
      freqScale: 1 / metadata.numberOr(key("rope.scaling.factor"), 1),
      attnFactor: metadata.numberOr(key("rope.scaling.attn_factor"), 1),
    },
    attnScale: 1 / Math.sqrt(headDim),
    attnSoftcap: 0,
    finalSoftcap: 0,
    slidingWindow: 0,
    slidingLayers: "all",
    embedScale: 1,
    activation: "swiglu",
    ...rest,
  });
}

/** For architectures without RoPE factor tensors other than llama 3's optional `rope_freqs`. */
export function ropeFreqsTensor(): string {
  return "rope_freqs.weight";
}
