/**
 * BPE pre-tokenizers: the word splitting `tokenizer.ggml.pre` selects, as llama.cpp's `llm_tokenizer_bpe`
 * and `unicode_regex_split` do it.
 *
 * A pre-tokenizer is a list of splitters applied in turn: each one cuts every piece left by the previous one
 * into its matches and the text between them (nothing is dropped). llama.cpp runs most splitters as
 * `std::regex`; the GPT-2 and Llama-3 patterns it runs as hand-written scanners ({@link splitGpt2},
 * {@link splitLlama3}), which is what we must match where the two disagree. In the regexes below `\s` of the
 * original patterns is written `\p{White_Space}`: llama.cpp maps every Unicode whitespace to `\v` before
 * matching, so its `\s` is exactly the White_Space property (JS `\s` would differ on U+0085 and U+FEFF).
 *
 * @module
 */

import { CodepointClass, codepointClass } from "./unicode.ts";

/** Splits one piece of text into consecutive pieces that cover it exactly. */
export type Splitter = (piece: string) => string[];

/** What a `tokenizer.ggml.pre` name selects. */
export interface PreTokenizer {
  /** Splitters applied in order. */
  readonly splitters: readonly Splitter[];
  /** Emit a pre-token whole when it is itself a vocabulary entry (Llama 3's `ignore_merges`). */
  readonly ignoreMerges: boolean;
  /** Apply the `clean_up_tokenization_spaces` passes when decoding. */
  readonly cleanSpaces: boolean;
  /** Add BOS by default (when `tokenizer.ggml.add_bos_token` is absent). */
  readonly addBosDefault: boolean;
}

/** A splitter from a global regex: matches and the gaps between them become pieces. */
function regexSplitter(pattern: RegExp): Splitter {
  return (piece) => {
    const out: string[] = [];
    let end = 0;
    for (const match of piece.matchAll(pattern)) {
      // None of the patterns can match empty text; an empty match would only add an empty word.
      if (match[0].length === 0) continue;
      if (match.index > end) out.push(piece.slice(end, match.index));
      out.push(match[0]);
      end = match.index + match[0].length;
    }
    if (end < piece.length) out.push(piece.slice(end));
    return out;
  };
}

/** A splitter from a scanner that returns the length (in code points) of each consecutive piece. */
function scannerSplitter(scan: (codepoints: readonly number[]) => number[]): Splitter {
  return (piece) => {
    const chars = Array.from(piece);
    const out: string[] = [];
    let start = 0;
    for (const length of scan(chars.map((c) => c.codePointAt(0)!))) {
      out.push(chars.slice(start, start + length).join(""));
      start += length;
    }
    return out;
  };
}

const OUT_OF_RANGE = -1;
const APOSTROPHE = 0x27;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

/** Cursor over one piece: code points and classes, with "no character" past either end. */
class Scan {
  readonly lengths: number[] = [];
  #prevEnd = 0;
  readonly #classes: number[];

  constructor(readonly cpts: readonly number[]) {
    this.#classes = cpts.map(codepointClass);
  }

  cpt(pos: number): number {
    return pos < this.cpts.length ? this.cpts[pos] : OUT_OF_RANGE;
  }
  inRange(pos: number): boolean {
    return pos < this.cpts.length;
  }
  is(pos: number, cls: number): boolean {
    return pos < this.cpts.length && (this.#classes[pos] & cls) !== 0;
  }
  /** Closes the current piece at `end`; returns its length. */
  emit(end: number): number {
    const length = end - this.#prevEnd;
    if (length > 0) this.lengths.push(length);
    this.#prevEnd = end;
    return length;
  }
}

const { LETTER, NUMBER, WHITESPACE } = CodepointClass;
const WORDLIKE = LETTER | NUMBER | WHITESPACE;

/** Length of a `'s|'t|'re|'ve|'m|'ll|'d` contraction at `pos` (0 if none); `fold` makes it case-insensitive. */
function contractionLength(s: Scan, pos: number, fold: boolean): number {
  if (s.cpt(pos) !== APOSTROPHE || !s.inRange(pos + 1)) return 0;
  const lower = (c: number) => (fold && c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  const next = String.fromCharCode(lower(s.cpt(pos + 1)));
  if ("stmd".includes(next)) return 2;
  if (!s.inRange(pos + 2)) return 0;
  const pair = next + String.fromCharCode(lower(s.cpt(pos + 2)));
  return pair === "re" || pair === "ve" || pair === "ll" ? 3 : 0;
}

/**
 * GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, scanned like
 * llama.cpp's `unicode_regex_split_custom_gpt2`.
 */
function scanGpt2(cpts: readonly number[]): number[] {
  const s = new Scan(cpts);
  for (let pos = 0; pos < cpts.length;) {
    const cpt = s.cpt(pos);
    const contraction = contractionLength(s, pos, false);
    if (contraction) {
      pos += s.emit(pos + contraction);
      continue;
    }
    // an optional leading space belongs to the word, number or punctuation run after it
    const head = cpt === SPACE ? pos + 1 : pos;
    if (s.is(head, LETTER) || s.is(head, NUMBER)) {
      const cls = s.is(head, LETTER) ? LETTER : NUMBER;
      pos = head;
      while (s.is(pos, cls)) pos++;
      s.emit(pos);
      continue;
    }
    if (s.inRange(head) && !s.is(head, WORDLIKE)) {
      pos = head;
      while (s.inRange(pos) && !s.is(pos, WORDLIKE)) pos++;
      s.emit(pos);
      continue;
    }
    let spaces = 0;
    while (s.is(pos + spaces, WHITESPACE)) spaces++;
    if (spaces > 1 && s.inRange(pos + spaces)) {
      // \s+(?!\S): leave the last space to prefix the next word
      pos += spaces - 1;
      s.emit(pos);
      continue;
    }
    if (spaces > 0) {
      pos += spaces;
      s.emit(pos);
      continue;
    }
    s.emit(++pos);
  }
  return s.lengths;
}

/**
 * Llama 3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
 * \s*[\r\n]+|\s+(?!\S)|\s+`, scanned like llama.cpp's `unicode_regex_split_custom_llama3`.
 */
function scanLlama3(cpts: readonly number[]): number[] {
  const s = new Scan(cpts);
  for (let pos = 0; pos < cpts.length;) {
    const cpt = s.cpt(pos);
    const contraction = contractionLength(s, pos, true);
    if (contraction) {
      pos += s.emit(pos + contraction);
      continue;
    }
    if (cpt !== CR && cpt !== LF && !s.is(pos, NUMBER) && (s.is(pos, LETTER) || s.is(pos + 1, LETTER))) {
      pos++;
      while (s.is(pos, LETTER)) pos++;
      s.emit(pos);
      continue;
    }
    if (s.is(pos, NUMBER)) {
      let start = pos;
      while (s.is(pos, NUMBER)) {
        if (++pos - start >= 3) {
          s.emit(pos);
          start = pos;
        }
      }
      s.emit(pos);
      continue;
    }
    const head = cpt === SPACE ? pos + 1 : pos;
    // llama.cpp tests the class of `head` but only that `pos` (not `head`) exists: " " at the very end
    // therefore becomes a one-space punctuation run.
    if (!s.is(head, WORDLIKE)) {
      pos = head;
      while (s.inRange(pos) && !s.is(pos, WORDLIKE)) pos++;
      while (s.cpt(pos) === CR || s.cpt(pos) === LF) pos++;
      s.emit(pos);
      continue;
    }
    let spaces = 0;
    let afterLastNewline = 0;
    while (s.is(pos + spaces, WHITESPACE)) {
      const c = s.cpt(pos + spaces);
      if (c === CR || c === LF) afterLastNewline = pos + spaces + 1;
      spaces++;
    }
    if (afterLastNewline > 0) {
      pos = afterLastNewline;
      s.emit(pos);
      continue;
    }
    if (spaces > 1 && s.inRange(pos + spaces)) {
      pos += spaces - 1;
      s.emit(pos);
      continue;
    }
    if (spaces > 0) {
      pos += spaces;
      s.emit(pos);
      continue;
    }
    s.emit(++pos);
  }
  return s.lengths;
}

/** The GPT-2 word splitter (llama.cpp's custom scanner, not a regex). */
export const splitGpt2: Splitter = scannerSplitter(scanGpt2);
/** The Llama 3 word splitter (llama.cpp's custom scanner, not a regex). */
export const splitLlama3: Splitter = scannerSplitter(scanLlama3);

const PUNCTUATION_RUN = regexSplitter(/[\p{P}$+<=>^~|]+/gu);
const PUNCTUATION_RUN_FALCON = regexSplitter(/[\p{P}$+<=>^~|`]+/gu);
const NUMBER_RUN = regexSplitter(/\p{N}+/gu);
const ONE_NUMBER = regexSplitter(/\p{N}/gu);
const THREE_ASCII_DIGITS = regexSplitter(/[0-9][0-9][0-9]/gu);
const ONE_NEWLINE = regexSplitter(/[\r\n]/gu);
const CJK_RUN = regexSplitter(/[\u{4E00}-\u{9FA5}\u{0800}-\u{4E00}\u{AC00}-\u{D7FF}]+/gu);

const QWEN2 = regexSplitter(
  /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\p{White_Space}\p{L}\p{N}]+[\r\n]*|\p{White_Space}*[\r\n]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu,
);

/** DeepSeek LLM: cased letters of many scripts (the class of its tokenizer.json, code point escaped). */
const DEEPSEEK_LLM_LETTERS = regexSplitter(
  /\p{White_Space}?[A-Za-z\u{B5}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{1BA}\u{1BC}-\u{1BF}\u{1C4}-\u{293}\u{295}-\u{2AF}\u{370}-\u{373}\u{376}\u{377}\u{37B}-\u{37D}\u{37F}\u{386}\u{388}-\u{38A}\u{38C}\u{38E}-\u{3A1}\u{3A3}-\u{3F5}\u{3F7}-\u{481}\u{48A}-\u{52F}\u{531}-\u{556}\u{10A0}-\u{10C5}\u{13A0}-\u{13F5}\u{13F8}-\u{13FD}\u{1C90}-\u{1CBA}\u{1CBD}-\u{1CBF}\u{1D00}-\u{1D2B}\u{1D6B}-\u{1D77}\u{1D79}-\u{1D9A}\u{1E00}-\u{1F15}\u{1F18}-\u{1F1D}\u{1F20}-\u{1F45}\u{1F48}-\u{1F4D}\u{1F50}-\u{1F57}\u{1F59}\u{1F5B}\u{1F5D}\u{1F5F}-\u{1F7D}\u{1F80}-\u{1FB4}\u{1FB6}-\u{1FBC}\u{1FBE}\u{1FC2}-\u{1FC4}\u{1FC6}-\u{1FCC}\u{1FD0}-\u{1FD3}\u{1FD6}-\u{1FDB}\u{1FE0}-\u{1FEC}\u{1FF2}-\u{1FF4}\u{1FF6}-\u{1FFC}\u{2102}\u{2107}\u{210A}-\u{2113}\u{2115}\u{2119}-\u{211D}\u{2124}\u{2126}\u{2128}\u{212A}-\u{212D}\u{212F}-\u{2134}\u{2139}\u{213C}-\u{213F}\u{2145}-\u{2149}\u{214E}\u{2183}\u{2184}\u{2C00}-\u{2C7B}\u{2C7E}-\u{2CE4}\u{2CEB}-\u{2CEE}\u{2CF2}\u{2CF3}\u{A640}-\u{A66D}\u{A680}-\u{A69B}\u{A722}-\u{A76F}\u{A771}-\u{A787}\u{A78B}-\u{A78E}\u{AB70}-\u{ABBF}\u{FB00}-\u{FB06}\u{FB13}-\u{FB17}\u{FF21}-\u{FF3A}\u{FF41}-\u{FF5A}\u{10400}-\u{1044F}\u{104B0}-\u{104D3}\u{104D8}-\u{104FB}\u{10C80}-\u{10CB2}\u{10CC0}-\u{10CF2}\u{118A0}-\u{118DF}\u{1E900}-\u{1E943}]+/gu,
);
const DEEPSEEK_LLM_PUNCTUATION = regexSplitter(
  /\p{White_Space}?[!-/:-~\u{FF01}-\u{FF0F}\u{FF1A}-\u{FF5E}\u{2018}-\u{201F}\u{3000}-\u{3002}]+/gu,
);
const TRAILING_WHITESPACE = regexSplitter(/\p{White_Space}+$/gu);
const LETTER_RUN = regexSplitter(/\p{White_Space}?\p{L}+/gu);
const PUNCTUATION_WORD = regexSplitter(/\p{White_Space}?\p{P}+/gu);

const BASE = { ignoreMerges: false, cleanSpaces: true, addBosDefault: false } as const;

const DEFAULT: PreTokenizer = {
  ...BASE,
  splitters: [PUNCTUATION_RUN, splitGpt2, NUMBER_RUN, THREE_ASCII_DIGITS],
};
const LLAMA3: PreTokenizer = { ...BASE, splitters: [splitLlama3], ignoreMerges: true, addBosDefault: true };
const GPT2: PreTokenizer = { ...BASE, splitters: [splitGpt2] };
const STARCODER: PreTokenizer = { ...BASE, splitters: [ONE_NUMBER, splitGpt2] };
const QWEN2_PRE: PreTokenizer = { ...BASE, splitters: [QWEN2], cleanSpaces: false };

/** Every supported `tokenizer.ggml.pre` value (llama.cpp's names) and what it selects. */
export const PRE_TOKENIZERS: ReadonlyMap<string, PreTokenizer> = new Map<string, PreTokenizer>([
  ["default", DEFAULT],
  ["llama3", LLAMA3],
  ["llama-v3", LLAMA3],
  ["llama-bpe", LLAMA3],
  ["falcon3", LLAMA3],
  ["dbrx", { ...BASE, splitters: [splitLlama3] }],
  ["smaug-bpe", { ...BASE, splitters: [splitLlama3] }],
  ["deepseek-llm", {
    ...BASE,
    cleanSpaces: false,
    splitters: [
      ONE_NEWLINE,
      DEEPSEEK_LLM_LETTERS,
      DEEPSEEK_LLM_PUNCTUATION,
      TRAILING_WHITESPACE,
      CJK_RUN,
      NUMBER_RUN,
    ],
  }],
  ["deepseek-coder", {
    ...BASE,
    cleanSpaces: false,
    splitters: [ONE_NEWLINE, LETTER_RUN, PUNCTUATION_WORD, CJK_RUN, ONE_NUMBER],
  }],
  ["falcon", { ...BASE, splitters: [PUNCTUATION_RUN_FALCON, splitGpt2, THREE_ASCII_DIGITS] }],
  ["mpt", GPT2],
  ["gpt-2", GPT2],
  ["phi-2", GPT2],
  ["olmo", GPT2],
  ["starcoder", STARCODER],
  ["refact", STARCODER],
  ["codeshell", STARCODER],
  ["smollm", { ...STARCODER, cleanSpaces: false }],
  ["qwen2", QWEN2_PRE],
  ["deepseek-r1-qwen", QWEN2_PRE],
  ["stablelm2", { ...QWEN2_PRE, cleanSpaces: true }],
]);

/** Splits `text` into words with every splitter of `pre` in turn. */
export function preTokenize(pre: PreTokenizer, text: string): string[] {
  let pieces = [text];
  for (const split of pre.splitters) pieces = pieces.flatMap(split);
  return pieces;
}
