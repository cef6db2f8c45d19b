/**
 * qwen2: llama with biases on Q, K and V (added after the product, before RoPE) and NeoX RoPE.
 * The biases are loaded whenever the file has them (the shared decoder treats every bias as optional).
 *
 * @module
 */

import type { Architecture } from "./architecture.ts";
import { llamaLikeConfig, ropeFreqsTensor } from "./architecture.ts";

/** The qwen2 architecture. */
export const QWEN2: Architecture = {
  name: "qwen2",
  fusedQkv: false,
  fusedGateUp: false,
  postNorms: false,
  config: (metadata, nVocab) => llamaLikeConfig(metadata, "qwen2", nVocab, { ropeStyle: "neox" }),
  ropeFactorsTensor: ropeFreqsTensor,
};
