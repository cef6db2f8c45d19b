/**
 * Token ids back to bytes, as llama.cpp's `token_to_piece` and `detokenize`.
 *
 * Every token's piece (the bytes it prints when special tokens are shown) is computed once into one buffer;
 * printing a token is then a lookup. Pieces: SPM "▁" becomes a space; byte tokens `<0xXX>` become that byte;
 * byte-level BPE tokens are mapped back from GPT-2 characters to bytes; CONTROL and UNKNOWN tokens print
 * their text only when `special` is asked for.
 *
 * @module
 */

import { CHAR_TO_BYTE } from "./unicode.ts";
import { TokenAttr, type Vocab } from "./vocab.ts";

const utf8 = new TextEncoder();
const HIDDEN_UNLESS_SPECIAL = TokenAttr.UNKNOWN | TokenAttr.CONTROL;

/** BPE: GPT-2 characters back to bytes; a character outside the mapping prints as llama.cpp prints it. */
function decodeByteLevel(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte !== undefined) {
      out.push(byte);
      continue;
    }
    const hex = Array.from(utf8.encode(char), (b) => b.toString(16).padStart(2, "0")).join("");
    out.push(...utf8.encode(`[UNK_BYTE_0x${hex}${text}]`));
  }
  return Uint8Array.from(out);
}

/** The piece of one token as bytes (special tokens shown). */
function pieceOf(vocab: Vocab, id: number): Uint8Array {
  const attr = vocab.attrs[id];
  const text = vocab.texts[id];
  if (attr & (HIDDEN_UNLESS_SPECIAL | TokenAttr.USER_DEFINED)) return utf8.encode(text);
  if (attr & TokenAttr.NORMAL) {
    if (vocab.kind === "spm") return utf8.encode(text.replaceAll("\u2581", " "));
    return decodeByteLevel(text);
  }
  if (attr & TokenAttr.BYTE) return Uint8Array.of(parseInt(text.slice(3, 5), 16));
  return new Uint8Array(0); // UNUSED and UNDEFINED tokens print nothing
}

/** All token pieces in one buffer: piece `id` is `bytes[offsets[id] .. offsets[id + 1])`. */
export class PieceTable {
  /** Concatenated piece bytes. */
  readonly bytes: Uint8Array;
  /** Start of each piece; `offsets[n]` is the total length. */
  readonly offsets: Uint32Array;
  /** Per token: 1 when its piece is hidden unless `special` is requested. */
  readonly hidden: Uint8Array;

  /** Builds the table for every token of `vocab`. */
  constructor(vocab: Vocab) {
    const n = vocab.texts.length;
    const pieces = Array.from({ length: n }, (_, id) => pieceOf(vocab, id));
    this.offsets = new Uint32Array(n + 1);
    for (let id = 0; id < n; id++) this.offsets[id + 1] = this.offsets[id] + pieces[id].length;
    this.bytes = new Uint8Array(this.offsets[n]);
    pieces.forEach((piece, id) => this.bytes.set(piece, this.offsets[id]));
    this.hidden = Uint8Array.from(vocab.attrs, (attr) => (attr & HIDDEN_UNLESS_SPECIAL ? 1 : 0));
  }

  /** Byte length of the piece of `id` as printed with `special`. */
  length(id: number, special: boolean): number {
    return !special && this.hidden[id] ? 0 : this.offsets[id + 1] - this.offsets[id];
  }

  /** The piece of `id` (a view into the table; empty when hidden). */
  piece(id: number, special: boolean): Uint8Array {
    return this.bytes.subarray(this.offsets[id], this.offsets[id] + this.length(id, special));
  }

  /** Shows the size, never the bytes. */
  [Symbol.for("Deno.customInspect")](): string {
    return `PieceTable { tokens: ${this.hidden.length}, bytes: ${this.bytes.length} }`;
  }
}

const SPACE = 0x20;
const APOSTROPHE = 0x27;

/** True for the bytes `?!.,`. */
const isSentencePunctuation = (c: number) => c === 0x3f || c === 0x21 || c === 0x2e || c === 0x2c;
const charAt = (text: Uint8Array, i: number) => String.fromCharCode(text[i]);

/**
 * `clean_up_tokenization_spaces`: llama.cpp's three in-place passes over the bytes, kept literally (each pass
 * reads bytes the previous writes may have moved): drop the space before `?!.,`; turn " ' " into "'"; drop
 * the space before `'s 'm 're 've`. Returns a prefix of `text`.
 */
function cleanSpaces(text: Uint8Array): Uint8Array {
  let total = text.length;

  const total1 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total1; i++) {
    const x = text[i];
    if (text[i - 1] === SPACE && isSentencePunctuation(x)) total--;
    text[total++] = x;
  }

  const total2 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total2; i++) {
    const x = text[i];
    if (x === APOSTROPHE && i + 1 < total2 && text[i - 1] === SPACE && text[i + 1] === SPACE) {
      total--; // the space before
      text[++i] = 0; // and the space after
    }
    text[total++] = x;
  }

  const total3 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total3; i++) {
    const x = text[i];
    if (text[i - 1] === SPACE && x === APOSTROPHE && i + 1 < total3) {
      const one = charAt(text, i + 1);
      const two = i + 2 < total3 ? one + charAt(text, i + 2) : "";
      if (one === "s" || one === "m" || two === "re" || two === "ve") total--;
    }
    text[total++] = x;
  }
  return text.subarray(0, total);
}

/**
 * llama.cpp's `llama_detokenize(tokens, remove_special, unparse_special)` as bytes: pieces concatenated,
 * the first piece losing one leading space when the vocabulary adds a space prefix (that space was added by
 * the tokenizer, not typed), and the BPE space clean-up where the vocabulary asks for it.
 */
export function detokenize(
  vocab: Vocab,
  table: PieceTable,
  tokens: ArrayLike<number>,
  removeSpecial: boolean,
  special: boolean,
): Uint8Array {
  let first = 0;
  let end = tokens.length;
  let removeSpace = vocab.addSpacePrefix;
  if (removeSpecial && vocab.addBos && end > 0 && tokens[0] === vocab.bos) {
    removeSpace = false;
    first = 1;
  }
  if (removeSpecial && vocab.addEos && end > first && tokens[end - 1] === vocab.eos) end--;

  let total = 0;
  for (let i = first; i < end; i++) total += table.length(tokens[i], special);
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = first; i < end; i++) {
    const piece = table.piece(tokens[i], special);
    const skip = removeSpace && piece[0] === SPACE ? 1 : 0;
    removeSpace = false;
    out.set(piece.subarray(skip), at);
    at += piece.length - skip;
  }
  const text = out.subarray(0, at);
  return vocab.cleanSpaces ? cleanSpaces(text) : text;
}
