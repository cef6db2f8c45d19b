/**
 * phi3: fused `attn_qkv` (rows [q | k | v]) and fused `ffn_up` (rows [gate | up]), NeoX RoPE, and LongRoPE:
 * when the file has `rope_factors_long`/`rope_factors_short`, the long factors apply to contexts longer than
 * `rope.scaling.original_context_length`, as in llama.cpp. A `sliding_window` key applies to every layer.
 *
 * @module
 */

import type { Architecture } from "./architecture.ts";
import { llamaLikeConfig } from "./architecture.ts";

/** The phi3 architecture. */
export const PHI3: Architecture = {
  name: "phi3",
  fusedQkv: true,
  fusedGateUp: true,
  postNorms: false,
  config: (metadata, nVocab) =>
    llamaLikeConfig(metadata, "phi3", nVocab, {
      ropeStyle: "neox",
      slidingWindow: metadata.numberOr("phi3.attention.sliding_window", 0),
    }),
  ropeFactorsTensor(metadata, nCtx) {
    const original = metadata.numberOr("phi3.rope.scaling.original_context_length", 0);
    return original > 0 && nCtx > original ? "rope_factors_long.weight" : "rope_factors_short.weight";
  },
};
