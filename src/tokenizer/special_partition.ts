/**
 * Special-token partitioning (llama.cpp's `tokenizer_st_partition`): before the tokenizer model sees the
 * text, occurrences of special-token texts are cut out and become those tokens directly.
 *
 * USER_DEFINED tokens are always cut out; CONTROL and UNKNOWN tokens (`<s>`, `<|im_start|>`, ...) only when
 * the caller asks to parse special tokens, so that user text cannot smuggle control tokens in. Longer tokens
 * are matched first.
 *
 * @module
 */

import { TokenAttr, type Vocab } from "./vocab.ts";

/** A run of text still to tokenize, or a token already decided. */
export type Fragment = { readonly text: string } | { readonly token: number };

/** C `isspace` (ASCII whitespace): what LSTRIP/RSTRIP tokens swallow next to them. */
const ASCII_SPACE_AT_END = /[ \t\n\v\f\r]+$/;
const ASCII_SPACE_AT_START = /^[ \t\n\v\f\r]+/;

/** Cuts every occurrence of the special token `id` out of the text fragments. */
function cutOut(fragments: readonly Fragment[], id: number, tokenText: string, attr: number): Fragment[] {
  const out: Fragment[] = [];
  for (const fragment of fragments) {
    if (!("text" in fragment)) {
      out.push(fragment);
      continue;
    }
    let rest = fragment.text;
    for (let at = rest.indexOf(tokenText); at >= 0; at = rest.indexOf(tokenText)) {
      let left = rest.slice(0, at);
      if (attr & TokenAttr.LSTRIP) left = left.replace(ASCII_SPACE_AT_END, "");
      if (left) out.push({ text: left });
      out.push({ token: id });
      rest = rest.slice(at + tokenText.length);
      if (attr & TokenAttr.RSTRIP) rest = rest.replace(ASCII_SPACE_AT_START, "");
    }
    if (rest) out.push({ text: rest });
  }
  return out;
}

/** Splits `text` into text fragments and special tokens. */
export function partitionSpecialTokens(vocab: Vocab, text: string, parseSpecial: boolean): Fragment[] {
  let fragments: Fragment[] = text ? [{ text }] : [];
  for (const id of vocab.specialTokens) {
    const attr = vocab.attrs[id];
    if (!parseSpecial && attr & (TokenAttr.CONTROL | TokenAttr.UNKNOWN)) continue;
    fragments = cutOut(fragments, id, vocab.texts[id], attr);
  }
  return fragments;
}
