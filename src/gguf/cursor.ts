/**
 * A bounds-checked little-endian reader over the first bytes (the "prefix") of a GGUF file.
 *
 * The header parser reads through this cursor only. Every read first checks that its bytes lie inside the file
 * (else a `GgufError` naming what was being read and the byte offset) and then that they lie inside the prefix
 * held in memory (else {@link PrefixTooShort}, which tells `readGguf` to read a longer prefix and parse again).
 * Counts are checked against the bytes left in the file before anything is allocated for them.
 *
 * @module
 */

import { GgufError } from "../errors.ts";

/**
 * Thrown when a read needs bytes beyond the prefix in memory but inside the file. `readGguf` catches it and
 * retries with a longer prefix; it never reaches callers.
 */
export class PrefixTooShort extends GgufError {
  /** Length of the prefix the failed read needed. */
  readonly needed: number;

  /** Records how long a prefix the read needed. */
  constructor(needed: number) {
    super("GGUF header extends past the bytes read so far", { context: { needed } });
    this.needed = needed;
  }
}

/** What is being read, for error context: a metadata key or a tensor name. */
export type CursorSubject = { readonly key: string } | { readonly tensor: string } | Record<never, never>;

/**
 * UTF-8 decoder for GGUF strings. A leading U+FEFF is a real character (vocabularies have it as a token), so it
 * must not be stripped as a byte-order mark; invalid sequences become U+FFFD.
 */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Reads GGUF scalars, strings and counts from a prefix of a file of known size. */
export class GgufCursor {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  /** Size of the whole file: reads beyond it are truncation errors. */
  readonly fileSize: number;
  /** Position of the next read. */
  pos = 0;
  /** What is being read; named in every error. */
  subject: CursorSubject = {};

  /** A cursor at offset 0 of `prefix`, the first bytes of a file of `fileSize` bytes. */
  constructor(prefix: Uint8Array, fileSize: number) {
    this.#bytes = prefix;
    this.#view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
    this.fileSize = fileSize;
  }

  /** Throws a `GgufError` naming the current subject and `offset` (default: the current position). */
  fail(message: string, offset: number = this.pos): never {
    throw new GgufError(message, { context: { ...this.subject, offset } });
  }

  /** Bytes between the current position and the end of the file. */
  get remaining(): number {
    return this.fileSize - this.pos;
  }

  /** Claims the next `n` bytes (checked against the file, then the prefix) and returns their start. */
  take(n: number, what: string): number {
    const start = this.pos;
    if (n > this.remaining) this.fail(`${what} (${n} bytes) runs past the end of the file`);
    if (start + n > this.#bytes.length) throw new PrefixTooShort(start + n);
    this.pos = start + n;
    return start;
  }

  /** The next `n` bytes as a view into the prefix (callers copy what they keep). */
  bytes(n: number, what: string): Uint8Array {
    const start = this.take(n, what);
    return this.#bytes.subarray(start, start + n);
  }

  /** Reads a u8. */
  u8(what: string): number {
    return this.#view.getUint8(this.take(1, what));
  }

  /** Reads an i8. */
  i8(what: string): number {
    return this.#view.getInt8(this.take(1, what));
  }

  /** Reads a u16. */
  u16(what: string): number {
    return this.#view.getUint16(this.take(2, what), true);
  }

  /** Reads an i16. */
  i16(what: string): number {
    return this.#view.getInt16(this.take(2, what), true);
  }

  /** Reads a u32. */
  u32(what: string): number {
    return this.#view.getUint32(this.take(4, what), true);
  }

  /** Reads an i32. */
  i32(what: string): number {
    return this.#view.getInt32(this.take(4, what), true);
  }

  /** Reads a u64 as a bigint. */
  u64(what: string): bigint {
    return this.#view.getBigUint64(this.take(8, what), true);
  }

  /** Reads an i64 as a bigint. */
  i64(what: string): bigint {
    return this.#view.getBigInt64(this.take(8, what), true);
  }

  /** Reads an f32. */
  f32(what: string): number {
    return this.#view.getFloat32(this.take(4, what), true);
  }

  /** Reads an f64. */
  f64(what: string): number {
    return this.#view.getFloat64(this.take(8, what), true);
  }

  /**
   * Reads a u64 count of items that take at least `minItemBytes` each, refusing counts above `max` or whose
   * items cannot fit in the rest of the file. The result is therefore safe to allocate for.
   */
  count(what: string, max: number, minItemBytes: number): number {
    const at = this.pos;
    const raw = this.u64(what);
    if (raw > BigInt(max)) this.fail(`${what} ${raw} exceeds the limit of ${max}`, at);
    const n = Number(raw);
    if (n * minItemBytes > this.remaining) {
      this.fail(`${what} ${n} cannot fit in the ${this.remaining} bytes left in the file`, at);
    }
    return n;
  }

  /** Reads a u64 that must be a safe integer (an offset or a dimension). */
  safeU64(what: string): number {
    const at = this.pos;
    const raw = this.u64(what);
    if (raw > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${raw} is too large`, at);
    return Number(raw);
  }

  /** Reads a GGUF string: a u64 byte length (at most `maxBytes`) and that many UTF-8 bytes. */
  string(what: string, maxBytes: number): string {
    const length = this.count(`${what} length`, maxBytes, 1);
    return utf8.decode(this.bytes(length, what));
  }
}
