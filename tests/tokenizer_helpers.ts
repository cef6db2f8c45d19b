/**
 * Shared helpers of the tokenizer tests: load a tokenizer from a shared GGUF, the tokenize goldens, read
 * llama.cpp's vocab test vectors.
 *
 * @module
 */

import { parseGgufBytes } from "../src/gguf/mod.ts";
import { createTokenizer, type Tokenizer } from "../src/tokenizer/mod.ts";
import { readGoldenJson, sharedFile } from "./shared.ts";

/** The tokenizer of a shared GGUF file (path relative to `shared/`), or undefined when skipped. */
export function sharedTokenizer(relative: string): Tokenizer | undefined {
  const path = sharedFile(relative);
  return path === undefined ? undefined : createTokenizer(parseGgufBytes(Deno.readFileSync(path)).metadata);
}

/** One case of a `*.tokenize.json` golden. */
export interface TokenizeCase {
  /** What the case exercises (`leading_space`, `special_text`, ...). */
  name: string;
  /** The input text. */
  text: string;
  /** `llama-tokenize` ids with the model's BOS. */
  ids_with_bos: number[];
  /** `llama-tokenize --no-bos` ids. */
  ids_no_bos: number[];
}

/** The `*.tokenize.json` goldens: the stem and the file (relative to `shared/`) whose tokenizer made them. */
export const TOKENIZE_GOLDENS: readonly (readonly [stem: string, model: string])[] = [
  ["stories260K", "models/stories260K.gguf"],
  ["llama-f32", "fixtures/llama-f32.gguf"],
  ["gemma2-f32", "fixtures/gemma2-f32.gguf"],
  ["llama-bpe-f32", "fixtures/llama-bpe-f32.gguf"],
  ["qwen2-f32", "fixtures/qwen2-f32.gguf"],
];

/** The tokenizer of `model` and the cases of golden `stem`, or undefined when skipped. */
export function tokenizeGolden(stem: string, model: string): [Tokenizer, TokenizeCase[]] | undefined {
  const golden = readGoldenJson<{ cases: TokenizeCase[] }>(`${stem}.tokenize`);
  const tokenizer = sharedTokenizer(model);
  return golden && tokenizer ? [tokenizer, golden.cases] : undefined;
}

/** The separator of `.gguf.inp` test strings (models/README.md). */
const VOCAB_TEST_SEPARATOR = "\n__ggml_vocab_test__\n";

/** The `[text, ids]` pairs of `models/vocab/ggml-vocab-<name>.gguf.inp/.out`, or undefined when skipped. */
export function vocabTestVectors(name: string): [string, number[]][] | undefined {
  const inp = sharedFile(`models/vocab/ggml-vocab-${name}.gguf.inp`);
  const out = sharedFile(`models/vocab/ggml-vocab-${name}.gguf.out`);
  if (inp === undefined || out === undefined) return undefined;
  // the file ends with a separator: the empty piece after it is not a test
  const texts = Deno.readTextFileSync(inp).split(VOCAB_TEST_SEPARATOR).slice(0, -1);
  const lines = Deno.readTextFileSync(out).split("\n");
  return texts.map((text, i) => {
    const line = lines[i].trim();
    return [text, line === "" ? [] : line.split(" ").map(Number)];
  });
}
