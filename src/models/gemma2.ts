/**
 * gemma2: RMSNorms before and after both attention and FFN, GELU(tanh)-gated FFN, embeddings scaled by
 * sqrt(n_embd), soft-capped attention scores (50) and final logits (30), a sliding window on even layers,
 * and the output projection tied to the embeddings (the shared loader falls back to `token_embd` when
 * `output.weight` is absent).
 *
 * @module
 */

import type { Architecture } from "./architecture.ts";
import { llamaLikeConfig } from "./architecture.ts";

/** The gemma2 architecture. */
export const GEMMA2: Architecture = {
  name: "gemma2",
  fusedQkv: false,
  fusedGateUp: false,
  postNorms: true,
  config(metadata, nVocab) {
    const nEmbd = metadata.number("gemma2.embedding_length");
    const nHead = metadata.number("gemma2.attention.head_count");
    const headDim = metadata.numberOr("gemma2.attention.key_length", nEmbd / nHead);
    // llama.cpp: the 27B model (46 layers) scales queries by its hidden size per head, the others by head_dim.
    const queryScalar = metadata.number("gemma2.block_count") === 46 ? nEmbd / nHead : headDim;
    return llamaLikeConfig(metadata, "gemma2", nVocab, {
      ropeStyle: "neox",
      attnScale: 1 / Math.sqrt(queryScalar),
      attnSoftcap: metadata.numberOr("gemma2.attn_logit_softcapping", 50),
      finalSoftcap: metadata.numberOr("gemma2.final_logit_softcapping", 30),
      slidingWindow: metadata.numberOr("gemma2.attention.sliding_window", 4096),
      slidingLayers: "even",
      embedScale: Math.sqrt(nEmbd),
      activation: "geglu",
    });
  },
  ropeFactorsTensor: () => undefined,
};
