/**
 * Tokenization against llama.cpp: the `*.tokenize.json` goldens (llama-tokenize, special tokens parsed) and
 * the vocab test vectors of llama.cpp's test-tokenizer-0 (special tokens not parsed). Exact match.
 */

import assert from "node:assert/strict";
import { TokenizerError } from "../src/errors.ts";
import { readGoldenJson, sharedFile } from "./shared.ts";
import { sharedTokenizer, type TokenizeCase, vocabTestVectors } from "./tokenizer_helpers.ts";
import { parseGgufBytes } from "../src/gguf/mod.ts";
import { createTokenizer } from "../src/tokenizer/mod.ts";

const GOLDENS: [string, string][] = [
  ["stories260K", "models/stories260K.gguf"],
  ["llama-f32", "fixtures/llama-f32.gguf"],
  ["gemma2-f32", "fixtures/gemma2-f32.gguf"],
  ["llama-bpe-f32", "fixtures/llama-bpe-f32.gguf"],
  ["qwen2-f32", "fixtures/qwen2-f32.gguf"],
];

for (const [stem, model] of GOLDENS) {
  Deno.test(`tokenize golden: ${stem}`, () => {
    const golden = readGoldenJson<{ cases: TokenizeCase[] }>(`${stem}.tokenize`);
    const tokenizer = sharedTokenizer(model);
    if (!golden || !tokenizer) return;
    for (const c of golden.cases) {
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
