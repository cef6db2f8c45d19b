/**
 * SentencePiece (SPM) tokenization as llama.cpp's `llm_tokenizer_spm_session`: start from single characters
 * and repeatedly merge the adjacent pair whose concatenation is the vocabulary token with the highest score;
 * characters that end up in no token are emitted as byte tokens `<0xXX>` (byte fallback).
 *
 * @module
 */

import { TokenizerError } from "../errors.ts";
import { PriorityQueue } from "./priority_queue.ts";
import type { Vocab } from "./vocab.ts";

/** A candidate merge of symbols `left` and `right` (adjacent at the time it was queued). */
interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly score: number;
  /** Combined length when queued; a different length later means one side has merged since (stale). */
  readonly length: number;
}

/** Highest score first; on ties the leftmost pair, as llama.cpp's comparator orders them. */
const bigramBefore = (a: Bigram, b: Bigram) => a.score > b.score || (a.score === b.score && a.left < b.left);

const utf8 = new TextEncoder();

/** The token of one byte: `<0xXX>`, or for vocabularies without those, the byte itself as a token. */
export function byteToken(vocab: Vocab, byte: number): number {
  const hex = `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`;
  const id = vocab.idOf.get(hex) ?? (byte < 0x80 ? vocab.idOf.get(String.fromCharCode(byte)) : undefined);
  if (id === undefined) {
    throw new TokenizerError("vocabulary has no token for a byte it must fall back to", {
      context: { token: hex },
    });
  }
  return id;
}

/**
 * Appends the SPM tokens of `text` to `out`. `text` must already have its spaces escaped as "▁" (and the
 * space prefix added) by the caller.
 */
export function tokenizeSpm(vocab: Vocab, text: string, out: number[]): void {
  // symbols: one per character, as [start, length) in `text` (UTF-16 units) in a doubly linked list
  const chars = Array.from(text);
  const count = chars.length;
  const start = new Int32Array(count);
  const length = new Int32Array(count);
  const prev = new Int32Array(count);
  const next = new Int32Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    start[i] = offset;
    length[i] = chars[i].length;
    offset += length[i];
    prev[i] = i - 1;
    next[i] = i + 1 < count ? i + 1 : -1;
  }

  const queue = new PriorityQueue<Bigram>(bigramBefore);
  const tryAddBigram = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const pair = text.slice(start[left], start[left] + length[left] + length[right]);
    const id = vocab.idOf.get(pair);
    if (id === undefined) return;
    queue.push({ left, right, score: vocab.scores[id], length: pair.length });
  };

  for (let i = 1; i < count; i++) tryAddBigram(i - 1, i);

  for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
    const { left, right } = bigram;
    if (length[left] === 0 || length[right] === 0 || length[left] + length[right] !== bigram.length) continue;
    // merge right into left and unlink right
    length[left] += length[right];
    length[right] = 0;
    next[left] = next[right];
    if (next[right] >= 0) prev[next[right]] = left;
    tryAddBigram(prev[left], left);
    tryAddBigram(left, next[left]);
  }

  // Every merged symbol is a vocabulary token (merges only form tokens), so a symbol that is not a token is a
  // single unmerged character: emit its UTF-8 bytes. (llama.cpp's `resegment` also consults its merge map
  // here, which cannot hit for a single character.)
  for (let i = count > 0 ? 0 : -1; i !== -1; i = next[i]) {
    const symbol = text.slice(start[i], start[i] + length[i]);
    const id = vocab.idOf.get(symbol);
    if (id !== undefined) {
      out.push(id);
      continue;
    }
    for (const byte of utf8.encode(symbol)) out.push(byteToken(vocab, byte));
  }
}
