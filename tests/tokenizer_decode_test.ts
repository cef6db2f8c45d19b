/**
 * Detokenization: round trips through llama.cpp's decode rules, token pieces, the streaming decoder (never
 * splits a UTF-8 character), end-of-generation ids, and typed errors for bad metadata or ids.
 */

import assert from "node:assert/strict";
import { TokenizerError } from "../src/errors.ts";
import { type GgufEntry, GgufMetadata, GgufValueType } from "../src/gguf/mod.ts";
import { createTokenizer } from "../src/tokenizer/mod.ts";
import { sharedTokenizer, TOKENIZE_GOLDENS, tokenizeGolden } from "./tokenizer_helpers.ts";

/** Text that llama.cpp's clean_up_tokenization_spaces (llama-bpe only) rewrites, so it cannot round-trip. */
const CLEANED_UP = / [?!.,]| '/;

for (const [stem, model] of TOKENIZE_GOLDENS) {
  Deno.test(`decode round trip: ${stem}`, () => {
    const loaded = tokenizeGolden(stem, model);
    if (!loaded) return;
    const [tokenizer, cases] = loaded;
    const cleans = stem === "llama-bpe-f32";
    for (const { name, text } of cases) {
      if (cleans && CLEANED_UP.test(text)) continue;
      const ids = tokenizer.encode(text, { addSpecial: false });
      assert.equal(tokenizer.decode(ids), text, `${stem} ${name}`);
      // llama.cpp strips the prefix space only when no BOS was removed: with BOS the space stays
      const withBos = tokenizer.encode(text);
      const spacePrefixed = stem === "stories260K" || stem === "llama-f32";
      const expected = spacePrefixed && text !== "" ? " " + text : text;
      assert.equal(
        tokenizer.decode(withBos, { removeSpecial: true }),
        expected,
        `${stem} ${name} (BOS removed)`,
      );
    }
  });

  Deno.test(`stream decoder never splits a character: ${stem}`, () => {
    const loaded = tokenizeGolden(stem, model);
    if (!loaded) return;
    const [tokenizer, cases] = loaded;
    for (const { name, text } of cases) {
      const ids = tokenizer.encode(text, { addSpecial: false });
      const stream = tokenizer.createStreamDecoder();
      let streamed = "";
      for (const id of ids) {
        const chunk = stream.push(id);
        assert.ok(
          !chunk.includes("\uFFFD"),
          `${stem} ${name}: chunk ${JSON.stringify(chunk)} split a character`,
        );
        streamed += chunk;
      }
      streamed += stream.flush();
      const pieces = [...ids].flatMap((id) => [...tokenizer.tokenToPiece(id)]);
      assert.equal(streamed, new TextDecoder().decode(Uint8Array.from(pieces)), `${stem} ${name}`);
    }
  });
}

Deno.test("stream decoder: emoji byte tokens wait until the character is complete", () => {
  const tokenizer = sharedTokenizer("models/stories260K.gguf");
  if (!tokenizer) return;
  const ids = tokenizer.encode("😀", { addSpecial: false }); // ▁ then four <0xXX> byte-fallback tokens
  assert.deepEqual([...ids], [410, 243, 162, 155, 131]);
  const stream = tokenizer.createStreamDecoder();
  assert.deepEqual([...ids].map((id) => stream.push(id)), [" ", "", "", "", "😀"]);
  assert.equal(stream.flush(), "");
});

Deno.test("stream decoder: flush turns an unfinished character into U+FFFD", () => {
  const tokenizer = sharedTokenizer("models/stories260K.gguf");
  if (!tokenizer) return;
  const stream = tokenizer.createStreamDecoder();
  assert.equal(stream.push(tokenizer.tokenId("<0xF0>")!), "");
  assert.equal(stream.push(tokenizer.tokenId("<0x9F>")!), "");
  assert.equal(stream.flush(), "\uFFFD");
  assert.equal(stream.push(tokenizer.tokenId("<0x41>")!), "A", "flush resets the decoder");
});

Deno.test("tokenToPiece: SPM space, byte and control tokens", () => {
  const tokenizer = sharedTokenizer("models/stories260K.gguf");
  if (!tokenizer) return;
  const text = (id: number, special?: boolean) =>
    new TextDecoder().decode(tokenizer.tokenToPiece(id, special));
  assert.equal(text(tokenizer.tokenId("▁")!), " ");
  assert.deepEqual([...tokenizer.tokenToPiece(tokenizer.tokenId("<0x0A>")!)], [10]);
  assert.equal(text(1), "");
  assert.equal(text(1, true), "<s>");
  const hello = [...tokenizer.encode("Hello")]; // BOS, "▁Hello" pieces
  assert.equal(tokenizer.decode(hello), " Hello", "BOS takes the first-piece space strip, as in llama.cpp");
  assert.equal(tokenizer.decode(hello, { special: true }), "<s> Hello");
  assert.equal(tokenizer.bos, 1);
  assert.equal(tokenizer.eos, 2);
  assert.equal(tokenizer.addBos, true);
  assert.equal(tokenizer.addEos, false);
  assert.equal(tokenizer.vocabSize, 512);
});

Deno.test("isEndOfGeneration: EOS and the EOG tokens llama.cpp collects", () => {
  const spm = sharedTokenizer("models/stories260K.gguf");
  const bpe = sharedTokenizer("fixtures/llama-bpe-f32.gguf");
  if (!spm || !bpe) return;
  assert.equal(spm.isEndOfGeneration(2), true);
  assert.equal(spm.isEndOfGeneration(1), false);
  assert.equal(bpe.isEndOfGeneration(bpe.tokenId("<|end_of_text|>")!), true);
  assert.equal(bpe.isEndOfGeneration(bpe.bos!), false);
});

/** Metadata of a tiny SPM vocabulary: <unk>, <s>, </s>, "▁", "a", "▁a", plus `extra` entries. */
function tinyMetadata(extra: [string, GgufEntry][] = []): GgufMetadata {
  const tokens = ["<unk>", "<s>", "</s>", "▁", "a", "▁a"];
  const entries = new Map<string, GgufEntry>([
    ["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "llama" }],
    ["tokenizer.ggml.tokens", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: tokens }],
    ["tokenizer.ggml.scores", {
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.FLOAT32,
      value: Float32Array.of(0, 0, 0, -2, -3, -1),
    }],
    ["tokenizer.ggml.token_type", {
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.INT32,
      value: Int32Array.of(2, 3, 3, 1, 1, 1),
    }],
  ]);
  for (const [key, entry] of extra) entries.set(key, entry);
  return new GgufMetadata(entries);
}

Deno.test("createTokenizer: a tiny constructed SPM vocabulary", () => {
  const tokenizer = createTokenizer(tinyMetadata());
  assert.deepEqual([...tokenizer.encode("a a")], [1, 5, 5]);
  assert.deepEqual([...tokenizer.encode("<s>a", { parseSpecial: true })], [1, 1, 5]);
  assert.equal(tokenizer.decode([5, 5]), "a a");
});

Deno.test("createTokenizer: special ids of 4294967295 (none) keep the defaults", () => {
  const none = { type: GgufValueType.UINT32, value: 4294967295 } as const;
  const tokenizer = createTokenizer(tinyMetadata([["tokenizer.ggml.padding_token_id", none], [
    "tokenizer.ggml.bos_token_id",
    none,
  ]]));
  assert.equal(tokenizer.bos, 1);
});

Deno.test("createTokenizer: unsupported or malformed metadata is a TokenizerError naming the key", () => {
  const cases: [GgufMetadata, RegExp][] = [
    [new GgufMetadata([]), /tokenizer\.ggml\.model/],
    [
      tinyMetadata([["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "t5" }]]),
      /unsupported tokenizer UGM.*supported: "llama", "gpt2"/,
    ],
    [
      tinyMetadata([
        ["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "gpt2" }],
        ["tokenizer.ggml.pre", { type: GgufValueType.STRING, value: "no-such-pre" }],
        ["tokenizer.ggml.merges", { type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: [] }],
      ]),
      /unsupported pre-tokenizer "no-such-pre"; supported: default, llama3.*tokenizer\.ggml\.pre/,
    ],
    [
      tinyMetadata([["tokenizer.ggml.model", { type: GgufValueType.STRING, value: "gpt2" }]]),
      /no merges.*tokenizer\.ggml\.merges/,
    ],
    [
      tinyMetadata([["tokenizer.ggml.scores", {
        type: GgufValueType.ARRAY,
        itemType: GgufValueType.FLOAT32,
        value: Float32Array.of(0),
      }]]),
      /1 scores for 6 tokens/,
    ],
    [
      tinyMetadata([["tokenizer.ggml.tokens", {
        type: GgufValueType.ARRAY,
        itemType: GgufValueType.STRING,
        value: ["<unk>", "<s>", "</s>", "a", "a", "b"],
      }]]),
      /duplicate token/,
    ],
    [
      tinyMetadata([["tokenizer.ggml.tokens", { type: GgufValueType.STRING, value: "a" }]]),
      /tokenizer\.ggml\.tokens/,
    ],
  ];
  for (const [metadata, message] of cases) {
    assert.throws(
      () => createTokenizer(metadata),
      (e: unknown) => e instanceof TokenizerError && message.test(e.message),
    );
  }
});

Deno.test("decode and tokenToPiece reject ids outside the vocabulary", () => {
  const tokenizer = createTokenizer(tinyMetadata());
  assert.throws(() => tokenizer.decode([6]), TokenizerError);
  assert.throws(() => tokenizer.tokenToPiece(-1), TokenizerError);
  assert.throws(() => tokenizer.createStreamDecoder().push(1.5), TokenizerError);
});
