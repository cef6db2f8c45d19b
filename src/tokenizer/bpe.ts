/**
 * Byte-level BPE as llama.cpp's `llm_tokenizer_bpe_session`: split the text into words with the
 * pre-tokenizer, write each word's UTF-8 bytes as GPT-2 characters, then repeatedly merge the adjacent pair
 * with the lowest rank in `tokenizer.ggml.merges`.
 *
 * @module
 */

import { TokenizerError } from "../errors.ts";
import { preTokenize } from "./pretokenizers.ts";
import { PriorityQueue } from "./priority_queue.ts";
import { byteEncode } from "./unicode.ts";
import type { Vocab } from "./vocab.ts";

/** A candidate merge of adjacent symbols `left` and `right`, whose texts were `text` when queued. */
interface Bigram {
  readonly left: number;
  readonly right: number;
  readonly rank: number;
  readonly text: string;
}

/** Lowest rank first; on ties the leftmost pair. */
const bigramBefore = (a: Bigram, b: Bigram) => a.rank < b.rank || (a.rank === b.rank && a.left < b.left);

/** Merges one byte-encoded word and appends its tokens to `out`. */
function tokenizeWord(vocab: Vocab, word: string, out: number[]): void {
  // symbols: one per GPT-2 character (all in the BMP, so one UTF-16 unit each) unless the word is whole
  const whole = vocab.pre?.ignoreMerges === true && vocab.idOf.has(word);
  const symbols = whole ? [word] : word.split("");
  const count = symbols.length;
  const prev = Int32Array.from(symbols, (_, i) => i - 1);
  const next = Int32Array.from(symbols, (_, i) => (i + 1 < count ? i + 1 : -1));

  const queue = new PriorityQueue<Bigram>(bigramBefore);
  const addBigram = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const rank = vocab.mergeRanks.get(symbols[left])?.get(symbols[right]);
    if (rank === undefined) return;
    queue.push({ left, right, rank, text: symbols[left] + symbols[right] });
  };
  for (let i = 1; i < count; i++) addBigram(i - 1, i);

  for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
    const { left, right } = bigram;
    if (symbols[left] === "" || symbols[right] === "") continue;
    if (symbols[left] + symbols[right] !== bigram.text) continue; // a side merged since: stale
    symbols[left] += symbols[right];
    symbols[right] = "";
    next[left] = next[right];
    if (next[right] >= 0) prev[next[right]] = left;
    addBigram(prev[left], left);
    addBigram(left, next[left]);
  }

  for (const symbol of symbols) {
    if (symbol === "") continue;
    const id = vocab.idOf.get(symbol);
    if (id !== undefined) {
      out.push(id);
      continue;
    }
    // No token: llama.cpp looks up each UTF-8 byte of the symbol on its own. A lone byte >= 0x80 is not
    // valid UTF-8 and is never a vocabulary entry, so only ASCII characters can match.
    for (const char of symbol) {
      const byteId = char.charCodeAt(0) < 0x80 ? vocab.idOf.get(char) : undefined;
      if (byteId !== undefined) out.push(byteId);
    }
  }
}

/** Appends the BPE tokens of `text` to `out`. */
export function tokenizeBpe(vocab: Vocab, text: string, out: number[]): void {
  if (!vocab.pre) {
    throw new TokenizerError("BPE vocabulary has no pre-tokenizer", { context: { kind: vocab.kind } });
  }
  for (const word of preTokenize(vocab.pre, text)) tokenizeWord(vocab, byteEncode(word), out);
}
