/**
 * Streaming detokenization: turn generated tokens into text one token at a time without ever splitting a
 * UTF-8 character. A character can span tokens (byte-fallback tokens carry one byte each; a BPE token can end
 * mid-character), so bytes of an unfinished character wait for the next token.
 *
 * @module
 */

import type { PieceTable } from "./detokenize.ts";

/** Incremental token-to-text decoder. */
export interface StreamDecoder {
  /** Adds one token; returns the text completed by it (possibly empty). */
  push(id: number): string;
  /** Ends the stream: returns held bytes, invalid or unfinished sequences as U+FFFD, and resets. */
  flush(): string;
}

/** Options passed to TextDecoder.decode while streaming (shared, so a push allocates only its result). */
const STREAMING: TextDecodeOptions = Object.freeze({ stream: true });

/**
 * A {@link StreamDecoder} over a piece table. Pieces are printed as llama.cpp's `token_to_piece` prints them
 * (no leading-space stripping: a stream continues text that is already there). A push reads its piece as a
 * view into the table and copies nothing. `checkId` validates ids.
 */
export function createPieceStreamDecoder(
  table: PieceTable,
  special: boolean,
  checkId: (id: number) => void,
): StreamDecoder {
  // TextDecoder in streaming mode keeps the bytes of an unfinished character for the next call
  let decoder = new TextDecoder("utf-8");
  return {
    push(id: number): string {
      checkId(id);
      return decoder.decode(table.piece(id, special), STREAMING);
    },
    flush(): string {
      const rest = decoder.decode();
      decoder = new TextDecoder("utf-8");
      return rest;
    },
  };
}
