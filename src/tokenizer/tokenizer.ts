/**
 * The tokenizer of a GGUF model: text to token ids and back, built from `tokenizer.ggml.*` metadata and
 * behaving like llama.cpp's `llama_tokenize`, `llama_token_to_piece` and `llama_detokenize`.
 *
 * @module
 */

import { TokenizerError } from "../errors.ts";
import type { GgufMetadata } from "../gguf/mod.ts";
import { tokenizeBpe } from "./bpe.ts";
import { detokenize, PieceTable } from "./detokenize.ts";
import { partitionSpecialTokens } from "./special_partition.ts";
import { tokenizeSpm } from "./spm.ts";
import { createPieceStreamDecoder, type StreamDecoder } from "./stream_decoder.ts";
import { readVocab, type Vocab } from "./vocab.ts";

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Add BOS/EOS as the model's `add_bos_token`/`add_eos_token` say. Default true. */
  addSpecial?: boolean;
  /** Turn special-token text such as `<s>` or `<|im_start|>` into those tokens. Default false. */
  parseSpecial?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Print CONTROL/UNKNOWN tokens (`<s>`, `<|im_end|>`) as their text. Default false. */
  special?: boolean;
  /** Drop a leading BOS and trailing EOS the tokenizer would have added. Default false (as llama.cpp). */
  removeSpecial?: boolean;
}

/** Text to tokens and back for one model. */
export interface Tokenizer {
  /** Number of tokens. */
  readonly vocabSize: number;
  /** Beginning-of-sequence id, if the vocabulary has one. */
  readonly bos: number | undefined;
  /** End-of-sequence id, if the vocabulary has one. */
  readonly eos: number | undefined;
  /** Whether `encode` adds BOS when `addSpecial`. */
  readonly addBos: boolean;
  /** Whether `encode` adds EOS when `addSpecial`. */
  readonly addEos: boolean;
  /** Tokenizes text. */
  encode(text: string, options?: EncodeOptions): Int32Array;
  /**
   * The bytes of one token as `llama_token_to_piece(lstrip = 0, special)`: SPM "▁" -> " ", byte tokens -> the
   * raw byte, CONTROL/UNKNOWN tokens -> empty unless `special`. A view: do not modify it.
   */
  tokenToPiece(id: number, special?: boolean): Uint8Array;
  /** Tokens to text as `llama_detokenize` (invalid UTF-8 becomes U+FFFD). */
  decode(tokens: ArrayLike<number>, options?: DecodeOptions): string;
  /** A decoder for generated tokens that returns only complete characters. */
  createStreamDecoder(options?: { special?: boolean }): StreamDecoder;
  /** True for tokens that end generation (EOS, EOT, EOM and the other EOG tokens llama.cpp collects). */
  isEndOfGeneration(id: number): boolean;
  /** The id of the token whose text is exactly `text`. */
  tokenId(text: string): number | undefined;
}

/** "▁" (U+2581): how SentencePiece writes a space inside tokens. */
const SPM_SPACE = "\u2581";

class GgufTokenizer implements Tokenizer {
  readonly vocabSize: number;
  readonly bos: number | undefined;
  readonly eos: number | undefined;
  readonly addBos: boolean;
  readonly addEos: boolean;
  readonly #vocab: Vocab;
  readonly #pieces: PieceTable;
  readonly #utf8 = new TextDecoder("utf-8");

  constructor(vocab: Vocab) {
    this.#vocab = vocab;
    this.#pieces = new PieceTable(vocab);
    this.vocabSize = vocab.texts.length;
    this.bos = vocab.bos;
    this.eos = vocab.eos;
    this.addBos = vocab.addBos;
    this.addEos = vocab.addEos;
    Object.freeze(this);
  }

  encode(text: string, options: EncodeOptions = {}): Int32Array {
    const { addSpecial = true, parseSpecial = false } = options;
    const vocab = this.#vocab;
    const out: number[] = [];
    if (addSpecial && vocab.addBos) out.push(vocab.bos!);
    // SPM prefixes a space to text that starts the input or follows a special token
    let afterSpecial = true;
    for (const fragment of partitionSpecialTokens(vocab, text, parseSpecial)) {
      if ("token" in fragment) {
        out.push(fragment.token);
        afterSpecial = true;
        continue;
      }
      if (vocab.kind === "spm") {
        const prefixed = vocab.addSpacePrefix && afterSpecial ? " " + fragment.text : fragment.text;
        tokenizeSpm(vocab, prefixed.replaceAll(" ", SPM_SPACE), out);
      } else {
        tokenizeBpe(vocab, fragment.text, out);
      }
      afterSpecial = false;
    }
    if (addSpecial && vocab.addEos) out.push(vocab.eos!);
    return Int32Array.from(out);
  }

  tokenToPiece(id: number, special = false): Uint8Array {
    this.#checkId(id);
    return this.#pieces.piece(id, special);
  }

  decode(tokens: ArrayLike<number>, options: DecodeOptions = {}): string {
    for (let i = 0; i < tokens.length; i++) this.#checkId(tokens[i]);
    const { special = false, removeSpecial = false } = options;
    return this.#utf8.decode(detokenize(this.#vocab, this.#pieces, tokens, removeSpecial, special));
  }

  createStreamDecoder(options: { special?: boolean } = {}): StreamDecoder {
    return createPieceStreamDecoder(this.#pieces, options.special ?? false, (id) => this.#checkId(id));
  }

  isEndOfGeneration(id: number): boolean {
    return this.#vocab.eog.has(id);
  }

  tokenId(text: string): number | undefined {
    return this.#vocab.idOf.get(text);
  }

  #checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
      throw new TokenizerError("token id out of range", { context: { id, vocabSize: this.vocabSize } });
    }
  }

  /** Shows the kind and size, never the vocabulary. */
  [Symbol.for("Deno.customInspect")](): string {
    const v = this.#vocab;
    const pre = v.preName ? ` pre=${v.preName}` : "";
    return `Tokenizer { ${v.kind}${pre}, vocab: ${this.vocabSize}, bos: ${v.bos}, eos: ${v.eos}, addBos: ${v.addBos}, eog: [${
      [...v.eog].join(", ")
    }] }`;
  }
}

/**
 * Builds the tokenizer described by a model's metadata. Throws a {@link TokenizerError} naming
 * `tokenizer.ggml.model` / `tokenizer.ggml.pre` (and listing what is supported) when they are unsupported,
 * or naming the key of any malformed tokenizer entry.
 */
export function createTokenizer(metadata: GgufMetadata): Tokenizer {
  return new GgufTokenizer(readVocab(metadata));
}
