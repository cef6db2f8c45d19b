/**
 * llama (and the llama-format variants: Llama 2/3, Mistral, TinyLlama, llama2.c stories): the baseline.
 *
 * Pre-RMSNorm blocks, RoPE on adjacent pairs, SwiGLU FFN; optional `rope_freqs` (Llama 3.1 scaling) and
 * linear `rope.scaling.factor` are read from the file.
 *
 * @module
 */

import type { Architecture } from "./architecture.ts";
import { llamaLikeConfig, ropeFreqsTensor } from "./architecture.ts";

/** The llama architecture. */
export const LLAMA: Architecture = {
  name: "llama",
  fusedQkv: false,
  fusedGateUp: false,
  postNorms: false,
  config: (metadata, nVocab) => llamaLikeConfig(metadata, "llama", nVocab, { ropeStyle: "norm" }),
  ropeFactorsTensor: ropeFreqsTensor,
};
