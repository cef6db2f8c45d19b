/**
 * Shared helpers of the tokenizer tests: load a tokenizer from a shared GGUF, read llama.cpp's vocab test
 * vectors.
 *
 * @module
 */

import { parseGgufBytes } from "../src/gguf/mod.ts";
import { createTokenizer, type Tokenizer } from "../src/tokenizer/mod.ts";
import { sharedFile } from "./shared.ts";

/** The tokenizer of a shared GGUF file (path relative to `shared/`), or undefined when skipped. */
export function sharedTokenizer(relative: string): Tokenizer | undefined {
  const path = sharedFile(relative);
  return path === undefined ? undefined : createTokenizer(parseGgufBytes(Deno.readFileSync(path)).metadata);
}

/** One case of a `*.tokenize.json` golden. */
export interface TokenizeCase {
  name: string;
  text: string;
  ids_with_bos: number[];
  ids_no_bos: number[];
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
