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

const positiveInt = z.number().int().positive().max(1 << 30);

/** The validated shape and numerics of a decoder-only transformer. */
export const ModelConfigSchema = z
  .strictObject({
    /** `general.architecture`. */
    architecture: z.string().min(1),
    /** Vocabulary size (rows of the embedding). */
    nVocab: positiveInt,
    /** Hidden size. */
    nEmbd: positiveInt,
    /** Number of transformer blocks. */
    nLayer: positiveInt.max(4096),
    /** Query heads. */
    nHead: positiveInt,
    /** Key/value heads (grouped-query attention when smaller than nHead). */
    nHeadKv: positiveInt,
    /** Dimension of each head. */
    headDim: positiveInt,
    /** Hidden size of the feed-forward network. */
    nFf: positiveInt,
    /** Context length the model was trained with. */
    contextLength: positiveInt,
    /** RMSNorm epsilon. */
    rmsEps: z.number().positive().max(1),
    /** Rotary embedding. */
    rope: z.strictObject({
      dims: positiveInt,
      style: z.enum(["norm", "neox"]),
      base: z.number().positive(),
      freqScale: z.number().positive(),
      attnFactor: z.number().positive(),
    }),
    /** Multiplier of Q.K. */
    attnScale: z.number().positive(),
    /** Attention logit soft-capping (gemma2), 0 = off. */
    attnSoftcap: z.number().nonnegative(),
    /** Final logit soft-capping (gemma2), 0 = off. */
    finalSoftcap: z.number().nonnegative(),
    /** Sliding-window size for the layers that use it, 0 = none. */
    slidingWindow: z.number().int().nonnegative(),
    /** Which layers use the sliding window: every layer, or even-numbered layers (gemma2's pattern). */
    slidingLayers: z.enum(["all", "even"]),
    /** Multiplier of the input embeddings (gemma2: sqrt(nEmbd)), 1 = none. */
    embedScale: z.number().positive(),
    /** Feed-forward gate activation. */
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

/** A validated, frozen model config. */
export type ModelConfig = Readonly<z.infer<typeof ModelConfigSchema>>;

/** Validates `raw` into a frozen {@link ModelConfig}, or throws a `ModelError` listing every problem. */
export function parseModelConfig(raw: unknown): ModelConfig {
  const result = ModelConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join(
      "; ",
    );
    const architecture = typeof raw === "object" && raw !== null && "architecture" in raw
      ? String((raw as { architecture: unknown }).architecture)
      : undefined;
    throw new ModelError(`invalid model hyper-parameters: ${problems}`, {
      context: { architecture },
      cause: result.error,
    });
  }
  return Object.freeze({ ...result.data, rope: Object.freeze({ ...result.data.rope }) });
}
