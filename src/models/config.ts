/**
 * Model hyper-parameters: read from GGUF metadata once, validated with zod, frozen.
 *
 * A config that could crash or mislead the forward pass is rejected here, at load time, with a `ModelError`
 * naming the key: zero heads, `n_head` not a multiple of `n_head_kv` (grouped-query attention needs whole
 * groups), a head size that does not divide, rotary dimensions past the head size, and so on.
 *
 * @module
 */

import { z } from "zod";
import { ModelError } from "../errors.ts";
import type { RopeSettings } from "../backend.ts";
import { parseFrozen } from "../validate.ts";

/** The validated shape and numerics of a decoder-only transformer. */
export interface ModelConfig {
  /** `general.architecture`. */
  readonly architecture: string;
  /** Vocabulary size (rows of the embedding). */
  readonly nVocab: number;
  /** Hidden size. */
  readonly nEmbd: number;
  /** Number of transformer blocks. */
  readonly nLayer: number;
  /** Query heads. */
  readonly nHead: number;
  /** Key/value heads (grouped-query attention when smaller than nHead); at least 1, divides nHead. */
  readonly nHeadKv: number;
  /** Dimension of each head. */
  readonly headDim: number;
  /** Hidden size of the feed-forward network. */
  readonly nFf: number;
  /** Context length the model was trained with. */
  readonly contextLength: number;
  /** RMSNorm epsilon. */
  readonly rmsEps: number;
  /** Rotary embedding. */
  readonly rope: RopeSettings;
  /** Multiplier of Q.K. */
  readonly attnScale: number;
  /** Attention logit soft-capping (gemma2), 0 = off. */
  readonly attnSoftcap: number;
  /** Final logit soft-capping (gemma2), 0 = off. */
  readonly finalSoftcap: number;
  /** Sliding-window size for the layers that use it, 0 = none. */
  readonly slidingWindow: number;
  /** Which layers use the sliding window: every layer, or even-numbered layers (gemma2). */
  readonly slidingLayers: "all" | "even";
  /** Multiplier of the input embeddings (gemma2: sqrt(nEmbd)), 1 = none. */
  readonly embedScale: number;
  /** Feed-forward gate activation. */
  readonly activation: "swiglu" | "geglu";
}

const positiveInt = z.number().int().positive().max(1 << 30);

const ModelConfigSchema: z.ZodType<ModelConfig> = z
  .strictObject({
    architecture: z.string().min(1),
    nVocab: positiveInt,
    nEmbd: positiveInt,
    nLayer: positiveInt.max(4096),
    nHead: positiveInt,
    nHeadKv: positiveInt,
    headDim: positiveInt,
    nFf: positiveInt,
    contextLength: positiveInt,
    rmsEps: z.number().positive().max(1),
    rope: z.strictObject({
      dims: positiveInt,
      style: z.enum(["norm", "neox"]),
      base: z.number().positive(),
      freqScale: z.number().positive(),
      attnFactor: z.number().positive(),
    }),
    attnScale: z.number().positive(),
    attnSoftcap: z.number().nonnegative(),
    finalSoftcap: z.number().nonnegative(),
    slidingWindow: z.number().int().nonnegative(),
    slidingLayers: z.enum(["all", "even"]),
    embedScale: z.number().positive(),
    activation: z.enum(["swiglu", "geglu"]),
  })
  .superRefine((c, ctx) => {
    const fail = (message: string, path: string) => ctx.addIssue({ code: "custom", message, path: [path] });
    if (c.nHead % c.nHeadKv !== 0) {
      fail(`n_head ${c.nHead} is not a multiple of n_head_kv ${c.nHeadKv}`, "nHeadKv");
    }
    if (c.rope.dims > c.headDim || c.rope.dims % 2 !== 0) {
      fail(`rope dimension ${c.rope.dims} must be even and at most the head size ${c.headDim}`, "rope");
    }
  });

/** Validates `raw` into a frozen {@link ModelConfig}, or throws a `ModelError` listing every problem. */
export function parseModelConfig(raw: unknown): ModelConfig {
  const architecture = typeof raw === "object" && raw !== null && "architecture" in raw
    ? String((raw as { architecture: unknown }).architecture)
    : undefined;
  const config = parseFrozen(ModelConfigSchema, raw, "model hyper-parameters", ModelError, { architecture });
  Object.freeze(config.rope);
  return config;
}
