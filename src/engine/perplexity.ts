/**
 * Perplexity computed exactly as llama.cpp's `llama-perplexity` does, so the two numbers can be compared.
 *
 * The text (one trailing newline removed) is tokenized with BOS; it is cut into `floor(nTokens / nCtx)`
 * chunks of `nCtx` tokens whose first token is replaced by BOS; each chunk is evaluated from an empty cache;
 * positions `nCtx/2 .. nCtx-2` are scored with the negative log-likelihood of the next token; the estimate
 * after chunk k is `exp(total NLL / scored tokens)`.
 *
 * @module
 */

import { EngineError } from "../errors.ts";
import type { Model } from "./model.ts";

/** Result of {@link perplexity}. */
export interface PerplexityResult {
  /** The running estimate after each chunk, as llama-perplexity prints it. */
  readonly perChunk: readonly number[];
  /** The final estimate. */
  readonly ppl: number;
  /** Tokens in the text (with BOS). */
  readonly nTokens: number;
}

/** Negative log-likelihood of `token` under `logits[offset..offset+nVocab]`, in double precision. */
export function negativeLogLikelihood(
  logits: Float32Array,
  offset: number,
  nVocab: number,
  token: number,
): number {
  let max = -Infinity;
  for (let i = 0; i < nVocab; i++) max = Math.max(max, logits[offset + i]);
  let sum = 0;
  for (let i = 0; i < nVocab; i++) sum += Math.exp(logits[offset + i] - max);
  return -(logits[offset + token] - max - Math.log(sum));
}

/**
 * Computes the perplexity of `text` with chunks of `nCtx` tokens. The model must be loaded with
 * `allLogits: true`. `onChunk` receives the running estimate after each chunk.
 */
export async function perplexity(
  model: Model,
  text: string,
  nCtx: number,
  onChunk?: (chunk: number, estimate: number) => void,
): Promise<PerplexityResult> {
  const tokenizer = model.tokenizer;
  const tokens = tokenizer.encode(text.endsWith("\n") ? text.slice(0, -1) : text, { addSpecial: true });
  const nChunk = Math.floor(tokens.length / nCtx);
  if (nChunk < 1 || nCtx < 4) {
    throw new EngineError("the text is too short for one chunk of that context", {
      context: { nTokens: tokens.length, nCtx },
    });
  }
  const session = model.createSession(nCtx);
  const nVocab = model.config.nVocab;
  const first = nCtx >> 1;
  const perChunk: number[] = [];
  let nll = 0;
  let scored = 0;
  for (let c = 0; c < nChunk; c++) {
    const chunk = tokens.slice(c * nCtx, (c + 1) * nCtx);
    if (tokenizer.addBos && tokenizer.bos !== undefined) chunk[0] = tokenizer.bos;
    session.reset();
    const logits = await session.evaluateAll(chunk);
    for (let j = first; j < nCtx - 1; j++) {
      nll += negativeLogLikelihood(logits, j * nVocab, nVocab, tokens[c * nCtx + j + 1]);
      scored++;
    }
    perChunk.push(Math.exp(nll / scored));
    onChunk?.(c + 1, perChunk[c]);
  }
  return { perChunk, ppl: perChunk[perChunk.length - 1], nTokens: tokens.length };
}
