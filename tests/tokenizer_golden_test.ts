/**
 * Tokenization against llama.cpp: the `*.tokenize.json` goldens (llama-tokenize, special tokens parsed) and
 * the vocab test vectors of llama.cpp's test-tokenizer-0 (special tokens not parsed). Exact match.
 */

import assert from "node:assert/strict";
import { TokenizerError } from "../src/errors.ts";
import { sharedFile } from "./shared.ts";
import { sharedTokenizer, TOKENIZE_GOLDENS, tokenizeGolden, vocabTestVectors } from "./tokenizer_helpers.ts";
import { parseGgufBytes } from "../src/gguf/mod.ts";
import { createTokenizer } from "../src/tokenizer/mod.ts";

for (const [stem, model] of TOKENIZE_GOLDENS) {
  Deno.test(`tokenize golden: ${stem}`, () => {
    const loaded = tokenizeGolden(stem, model);
    if (!loaded) return;
    const [tokenizer, cases] = loaded;
    for (const c of cases) {
      const withBos = tokenizer.encode(c.text, { addSpecial: true, parseSpecial: true });
      const noBos = tokenizer.encode(c.text, { addSpecial: false, parseSpecial: true });
      assert.deepEqual([...withBos], c.ids_with_bos, `${stem} ${c.name} with BOS`);
      assert.deepEqual([...noBos], c.ids_no_bos, `${stem} ${c.name} without BOS`);
    }
  });
}

const VOCABS = [
  "llama-spm",
  "phi-3",
  "gpt-2",
  "deepseek-llm",
  "deepseek-coder",
  "falcon",
  "starcoder",
  "refact",
  "mpt",
];

for (const name of VOCABS) {
  Deno.test(`tokenize vocab vectors: ${name}`, () => {
    const vectors = vocabTestVectors(name);
    const tokenizer = sharedTokenizer(`models/vocab/ggml-vocab-${name}.gguf`);
    if (!vectors || !tokenizer) return;
    assert.equal(vectors.length, 46);
    for (const [text, ids] of vectors) {
      const got = tokenizer.encode(text, { addSpecial: false, parseSpecial: false });
      assert.deepEqual([...got], ids, `${name}: ${JSON.stringify(text)}`);
    }
  });
}

Deno.test("tokenize: BERT (WPM) vocabulary is a clear unsupported error", () => {
  const path = sharedFile("models/vocab/ggml-vocab-bert-bge.gguf");
  if (!path) return;
  const { metadata } = parseGgufBytes(Deno.readFileSync(path));
  assert.throws(() => createTokenizer(metadata), (e: unknown) => {
    assert.ok(e instanceof TokenizerError);
    assert.match(e.message, /unsupported tokenizer WPM/);
    assert.match(e.message, /tokenizer\.ggml\.model/);
    assert.match(e.message, /supported: "llama", "gpt2"/);
    return true;
  });
});
