/**
 * The Unicode facts the tokenizers need, as llama.cpp's `unicode.cpp` defines them: code point classes for
 * the pre-tokenizers, and GPT-2's byte-to-character mapping for byte-level BPE.
 *
 * llama.cpp classifies code points with tables generated from the Unicode database; JavaScript's `\p{...}`
 * regex properties are the same database, so `\p{L}` (letter), `\p{N}` (number) and `\p{White_Space}` here
 * agree with llama.cpp's `is_letter`, `is_number` and `is_whitespace` flags.
 *
 * @module
 */

const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const WHITESPACE = /^\p{White_Space}$/u;

/** Bit flags of one code point (a subset of llama.cpp's `unicode_cpt_flags`). */
export const CodepointClass = {
  LETTER: 1,
  NUMBER: 2,
  WHITESPACE: 4,
} as const;

/** Classifies a code point into {@link CodepointClass} bits (0 for punctuation, symbols, marks, ...). */
export function codepointClass(codepoint: number): number {
  const char = String.fromCodePoint(codepoint);
  return (LETTER.test(char) ? CodepointClass.LETTER : 0) |
    (NUMBER.test(char) ? CodepointClass.NUMBER : 0) |
    (WHITESPACE.test(char) ? CodepointClass.WHITESPACE : 0);
}

/**
 * GPT-2's `bytes_to_unicode`: every byte gets a printable character so that BPE vocabularies can be stored
 * as text. Printable Latin-1 bytes map to themselves; the other 68 bytes (controls, space, NBSP, soft hyphen)
 * map, in byte order, to U+0100, U+0101, ...
 */
function buildByteToChar(): readonly string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae);
  const table: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) table.push(String.fromCharCode(printable(b) ? b : next++));
  return table;
}

/** Byte value -> its GPT-2 character. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** GPT-2 character -> its byte value (the inverse of {@link BYTE_TO_CHAR}). */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(
  BYTE_TO_CHAR.map((char, byte) => [char, byte]),
);

const utf8Encoder = new TextEncoder();

/** Encodes text as GPT-2 characters: UTF-8 bytes, each replaced by its {@link BYTE_TO_CHAR} character. */
export function byteEncode(text: string): string {
  let out = "";
  for (const byte of utf8Encoder.encode(text)) out += BYTE_TO_CHAR[byte];
  return out;
}
