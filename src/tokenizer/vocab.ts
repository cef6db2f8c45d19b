/**
 * The vocabulary of a GGUF file: token texts, scores, attributes and special ids, read from the
 * `tokenizer.ggml.*` metadata the way llama.cpp's `llama_vocab::impl::load` reads them.
 *
 * @module
 */

import { TokenizerError } from "../errors.ts";
import type { GgufMetadata } from "../gguf/mod.ts";
import { PRE_TOKENIZERS, type PreTokenizer } from "./pretokenizers.ts";

/** `tokenizer.ggml.token_type` values (llama.cpp's `llama_token_type`). */
export const TokenType = {
  UNDEFINED: 0,
  NORMAL: 1,
  UNKNOWN: 2,
  CONTROL: 3,
  USER_DEFINED: 4,
  UNUSED: 5,
  BYTE: 6,
} as const;

/** Token attribute bits (llama.cpp's `llama_token_attr`); a token may carry several. */
export const TokenAttr = {
  UNDEFINED: 0,
  UNKNOWN: 1 << 0,
  UNUSED: 1 << 1,
  NORMAL: 1 << 2,
  CONTROL: 1 << 3,
  USER_DEFINED: 1 << 4,
  BYTE: 1 << 5,
  LSTRIP: 1 << 7,
  RSTRIP: 1 << 8,
} as const;

const ATTR_OF_TYPE: Readonly<Record<number, number>> = {
  [TokenType.NORMAL]: TokenAttr.NORMAL,
  [TokenType.UNKNOWN]: TokenAttr.UNKNOWN,
  [TokenType.CONTROL]: TokenAttr.CONTROL,
  [TokenType.USER_DEFINED]: TokenAttr.USER_DEFINED,
  [TokenType.UNUSED]: TokenAttr.UNUSED,
  [TokenType.BYTE]: TokenAttr.BYTE,
};

/** The tokenizer algorithms this engine implements. */
export type VocabKind = "spm" | "bpe";

const MODEL_KINDS: ReadonlyMap<string, VocabKind> = new Map([["llama", "spm"], ["gpt2", "bpe"]]);

/** `tokenizer.ggml.model` values llama.cpp knows but this engine does not implement. */
const KNOWN_UNSUPPORTED_MODELS: ReadonlyMap<string, string> = new Map([
  ["bert", "WPM (BERT WordPiece)"],
  ["t5", "UGM (T5 Unigram)"],
  ["rwkv", "RWKV"],
  ["plamo2", "PLaMo-2"],
  ["gemma4", "Gemma 4 BPE"],
  ["no_vocab", "no vocabulary"],
  ["none", "no vocabulary"],
]);

/** Token texts llama.cpp treats as end of generation (`special_eog_ids`), matched on the text. */
const EOG_TEXTS: ReadonlySet<string> = new Set([
  "<|eot_id|>",
  "<|im_end|>",
  "<|end|>",
  "<|return|>",
  "<|call|>",
  "<|flush|>",
  "<|calls|>",
  "<end_of_turn>",
  "<|endoftext|>",
  "</s>",
  "<|eom_id|>",
  "<EOT>",
  "_<EOT>",
  "[EOT]",
  "[EOS]",
  "<|end_of_text|>",
  "<end_of_utterance>",
  "<eos>",
  "<turn|>",
  "<|tool_response>",
  "<｜end▁of▁sentence｜>",
  "[e~[",
]);

/**
 * Special ids llama.cpp reads from `tokenizer.ggml.<name>_token_id` (later names are deprecated aliases) or,
 * when absent, detects by text; a detected token is forced to CONTROL, and `eog` ids end generation.
 */
const DETECTED_SPECIALS: readonly { names: readonly string[]; texts: readonly string[]; eog: boolean }[] = [
  {
    names: ["eot"],
    eog: true,
    texts: [
      "<|eot_id|>",
      "<|im_end|>",
      "<|end|>",
      "<end_of_turn>",
      "<|endoftext|>",
      "<|end_of_text|>",
      "<EOT>",
      "_<EOT>",
      "[EOT]",
      "<｜end▁of▁sentence｜>",
      "<end_of_utterance>",
    ],
  },
  { names: ["eom"], eog: true, texts: ["<|eom_id|>"] },
  {
    names: ["fim_pre", "prefix"],
    eog: false,
    texts: [
      "<|fim_prefix|>",
      "<fim-prefix>",
      "<fim_prefix>",
      "<｜fim▁begin｜>",
      "<PRE>",
      "▁<PRE>",
      "<|code_prefix|>",
      "<|prefix|>",
    ],
  },
  {
    names: ["fim_suf", "suffix"],
    eog: false,
    texts: [
      "<|fim_suffix|>",
      "<fim-suffix>",
      "<fim_suffix>",
      "<｜fim▁hole｜>",
      "<SUF>",
      "▁<SUF>",
      "<|code_suffix|>",
      "<|suffix|>",
    ],
  },
  {
    names: ["fim_mid", "middle"],
    eog: false,
    texts: [
      "<|fim_middle|>",
      "<fim-middle>",
      "<fim_middle>",
      "<｜fim▁end｜>",
      "<MID>",
      "▁<MID>",
      "<|code_middle|>",
      "<|middle|>",
    ],
  },
  { names: ["fim_pad"], eog: true, texts: ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"] },
  {
    names: ["fim_rep"],
    eog: true,
    texts: ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"],
  },
  { names: ["fim_sep"], eog: true, texts: ["<|file_sep|>"] },
];

/** gpt-oss: tokens llama.cpp always renders (forced to USER_DEFINED). */
const ALWAYS_RENDERED = new Set(["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"]);

/** A vocabulary ready for the tokenizers. Immutable after {@link readVocab}. */
export interface Vocab {
  /** `spm` (SentencePiece, `tokenizer.ggml.model = "llama"`) or `bpe` (GPT-2 byte level, `"gpt2"`). */
  readonly kind: VocabKind;
  /** The `tokenizer.ggml.pre` name (BPE only). */
  readonly preName: string | undefined;
  /** The pre-tokenizer (BPE only). */
  readonly pre: PreTokenizer | undefined;
  /** Token text by id. */
  readonly texts: readonly string[];
  /** Token score by id (SPM merge priority; 0 when absent). */
  readonly scores: Float32Array;
  /** {@link TokenAttr} bits by id. */
  readonly attrs: Uint16Array;
  /** Token id by text. */
  readonly idOf: ReadonlyMap<string, number>;
  /** BPE merge rank by left then right symbol. */
  readonly mergeRanks: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Beginning-of-sequence id. */
  readonly bos: number | undefined;
  /** End-of-sequence id. */
  readonly eos: number | undefined;
  /** Add BOS when encoding with `addSpecial`. */
  readonly addBos: boolean;
  /** Add EOS when encoding with `addSpecial`. */
  readonly addEos: boolean;
  /** SPM: prefix text with a space (and strip it again when decoding). */
  readonly addSpacePrefix: boolean;
  /** Apply `clean_up_tokenization_spaces` when decoding. */
  readonly cleanSpaces: boolean;
  /** Ids that end generation. */
  readonly eog: ReadonlySet<number>;
  /** CONTROL, USER_DEFINED and UNKNOWN ids, longest text first: matched in raw text before tokenizing. */
  readonly specialTokens: readonly number[];
}

const utf8 = new TextEncoder();

function fail(message: string, key: string, cause?: unknown): never {
  throw new TokenizerError(message, { context: { key }, cause });
}

/** Reads a metadata value, turning a wrong type into a TokenizerError naming the key. */
function read<T>(key: string, get: () => T): T {
  try {
    return get();
  } catch (cause) {
    return fail("invalid tokenizer metadata", key, cause);
  }
}

/** Builds `left -> right -> rank` from `tokenizer.ggml.merges` ("left right", split at the first space after
 * the first character, like llama.cpp). */
function readMerges(metadata: GgufMetadata): Map<string, Map<string, number>> {
  const key = "tokenizer.ggml.merges";
  if (!metadata.has(key)) fail("BPE vocabulary has no merges", key);
  const merges = read(key, () => metadata.stringArray(key));
  const ranks = new Map<string, Map<string, number>>();
  merges.forEach((merge, rank) => {
    const space = merge.indexOf(" ", 1);
    const [left, right] = space < 0 ? ["", ""] : [merge.slice(0, space), merge.slice(space + 1)];
    let byRight = ranks.get(left);
    if (!byRight) ranks.set(left, byRight = new Map());
    // the first occurrence wins, as with std::unordered_map::emplace
    if (!byRight.has(right)) byRight.set(right, rank);
  });
  return ranks;
}

/** The vocabulary kind and pre-tokenizer, or a TokenizerError listing what is supported. */
function readKind(metadata: GgufMetadata): { kind: VocabKind; preName?: string; pre?: PreTokenizer } {
  const modelKey = "tokenizer.ggml.model";
  if (!metadata.has(modelKey)) fail("model file has no tokenizer", modelKey);
  const model = read(modelKey, () => metadata.string(modelKey));
  const kind = MODEL_KINDS.get(model);
  if (kind === undefined) {
    const known = KNOWN_UNSUPPORTED_MODELS.get(model);
    throw new TokenizerError(
      `unsupported tokenizer ${known ? `${known} ` : ""}"${model}"; supported: ${
        [...MODEL_KINDS.keys()].map((m) => `"${m}"`).join(", ")
      }`,
      { context: { key: modelKey, value: model } },
    );
  }
  if (kind === "spm") return { kind };
  const preKey = "tokenizer.ggml.pre";
  // llama.cpp warns and falls back to "default" when the key is missing
  const preName = read(preKey, () => metadata.stringOr(preKey, "default"));
  const pre = PRE_TOKENIZERS.get(preName);
  if (!pre) {
    throw new TokenizerError(
      `unsupported pre-tokenizer "${preName}"; supported: ${[...PRE_TOKENIZERS.keys()].join(", ")}`,
      { context: { key: preKey, value: preName } },
    );
  }
  return { kind, preName, pre };
}

/** A special id from `tokenizer.ggml.<name>_token_id`; out-of-range values keep the default, as in llama.cpp. */
function specialId(
  metadata: GgufMetadata,
  names: readonly string[],
  fallback: number | undefined,
  n: number,
) {
  let id = fallback !== undefined && fallback < n ? fallback : undefined;
  for (const name of names) {
    const key = `tokenizer.ggml.${name}_token_id`;
    if (!metadata.has(key)) continue;
    const value = read(key, () => metadata.number(key));
    // 4294967295 (-1 as u32) means "none": llama.cpp logs "bad special token" and keeps the default
    if (Number.isInteger(value) && value >= 0 && value < n) id = value;
  }
  return id;
}

/**
 * Reads the vocabulary from GGUF metadata. Throws a {@link TokenizerError} naming the key for a missing or
 * malformed entry, an unsupported tokenizer model or pre-tokenizer, or duplicate tokens.
 */
export function readVocab(metadata: GgufMetadata): Vocab {
  const { kind, preName, pre } = readKind(metadata);

  const tokensKey = "tokenizer.ggml.tokens";
  if (!metadata.has(tokensKey)) fail("model file has no token list", tokensKey);
  const texts = [...read(tokensKey, () => metadata.stringArray(tokensKey))];
  const n = texts.length;

  const scores = new Float32Array(n);
  const scoresKey = "tokenizer.ggml.scores";
  if (metadata.has(scoresKey)) {
    const values = read(scoresKey, () => metadata.numberArray(scoresKey));
    if (values.length < n) fail(`${values.length} scores for ${n} tokens`, scoresKey);
    for (let i = 0; i < n; i++) scores[i] = values[i];
  }

  const attrs = new Uint16Array(n).fill(TokenAttr.NORMAL);
  const typesKey = "tokenizer.ggml.token_type";
  if (metadata.has(typesKey)) {
    const types = read(typesKey, () => metadata.numberArray(typesKey));
    if (types.length < n) fail(`${types.length} token types for ${n} tokens`, typesKey);
    for (let i = 0; i < n; i++) attrs[i] = ATTR_OF_TYPE[types[i]] ?? TokenAttr.UNDEFINED;
  }

  const idOf = new Map<string, number>();
  texts.forEach((text, id) => {
    // an empty token could never be matched or printed; llama.cpp renames it
    if (text === "") texts[id] = text = `[EMPTY_${id}]`;
    const previous = idOf.get(text);
    if (previous !== undefined) {
      throw new TokenizerError(`duplicate token in vocabulary: ids ${previous} and ${id}`, {
        context: { key: tokensKey, token: text },
      });
    }
    idOf.set(text, id);
  });

  const spm = kind === "spm";
  const bos = specialId(metadata, ["bos"], spm ? 1 : 11, n);
  const eos = specialId(metadata, ["eos"], spm ? 2 : 11, n);
  const addBos = read(
    "tokenizer.ggml.add_bos_token",
    () => metadata.boolOr("tokenizer.ggml.add_bos_token", spm || (pre?.addBosDefault ?? false)),
  );
  const addEos = read(
    "tokenizer.ggml.add_eos_token",
    () => metadata.boolOr("tokenizer.ggml.add_eos_token", false),
  );
  const addSpacePrefix = read(
    "tokenizer.ggml.add_space_prefix",
    () => metadata.boolOr("tokenizer.ggml.add_space_prefix", spm),
  );
  if (addBos && bos === undefined) {
    fail("add_bos_token is true, but no BOS token is set", "tokenizer.ggml.bos_token_id");
  }
  if (addEos && eos === undefined) {
    fail("add_eos_token is true, but no EOS token is set", "tokenizer.ggml.eos_token_id");
  }

  const eog = new Set<number>();
  for (const { names, texts: candidates, eog: ends } of DETECTED_SPECIALS) {
    let id = specialId(metadata, names, undefined, n);
    if (id === undefined) {
      // llama.cpp takes the first match in hash-map order; we take the lowest id
      id = candidates.map((t) => idOf.get(t)).filter((i) => i !== undefined).sort((a, b) => a - b)[0];
      if (id !== undefined) attrs[id] |= TokenAttr.CONTROL;
    }
    if (id !== undefined && ends) eog.add(id);
  }
  for (const text of EOG_TEXTS) {
    const id = idOf.get(text);
    if (id === undefined) continue;
    eog.add(id);
    attrs[id] |= TokenAttr.CONTROL;
  }
  for (const text of ALWAYS_RENDERED) {
    const id = idOf.get(text);
    if (id !== undefined) attrs[id] = TokenAttr.USER_DEFINED;
  }
  if (eos !== undefined) eog.add(eos);

  // gpt-oss ends a message with <|end|> but keeps generating: with <|return|> and <|call|> present it is no EOG
  const has = (text: string) => idOf.has(text) && eog.has(idOf.get(text)!);
  if (has("<|end|>") && ((has("<|return|>") && has("<|call|>")) || (has("<|calls|>") && has("<|flush|>")))) {
    const end = idOf.get("<|end|>")!;
    eog.delete(end);
    attrs[end] = TokenAttr.USER_DEFINED;
  }
  if (has("<|tool_response>") && has("</s>")) {
    const s = idOf.get("</s>")!;
    eog.delete(s);
    attrs[s] = TokenAttr.NORMAL;
  }

  const specialMask = TokenAttr.CONTROL | TokenAttr.USER_DEFINED | TokenAttr.UNKNOWN;
  const byteLength = texts.map((t) => utf8.encode(t).length);
  const specialTokens = texts.map((_, id) => id).filter((id) => attrs[id] & specialMask)
    .sort((a, b) => byteLength[b] - byteLength[a] || a - b);

  // Phi-3: special tokens swallow the whitespace after them (llama.cpp keys this on the model name)
  const name = read("general.name", () => metadata.stringOr("general.name", "")).toLowerCase();
  if (name.includes("phi-3") || name.includes("phi3")) {
    for (const id of specialTokens) attrs[id] |= TokenAttr.RSTRIP;
    const eosText = idOf.get("</s>");
    if (eosText !== undefined) attrs[eosText] |= TokenAttr.RSTRIP;
    for (const text of ["<unk>", "<s>", "<|endoftext|>"]) {
      const id = idOf.get(text);
      if (id !== undefined) attrs[id] &= ~TokenAttr.RSTRIP;
    }
  }

  return Object.freeze({
    kind,
    preName,
    pre,
    texts: Object.freeze(texts),
    scores,
    attrs,
    idOf,
    mergeRanks: kind === "bpe" ? readMerges(metadata) : new Map(),
    bos,
    eos,
    addBos,
    addEos,
    addSpacePrefix,
    cleanSpaces: kind === "bpe" && (pre?.cleanSpaces ?? true),
    eog,
    specialTokens: Object.freeze(specialTokens),
  });
}
