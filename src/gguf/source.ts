/**
 * Where GGUF bytes come from: a file on disk read piece by piece, or bytes already in memory (browsers, tests).
 *
 * Both give the same small interface, so the reader never needs a whole multi-gigabyte file in memory: it reads
 * the header from a prefix and each tensor straight into its final buffer.
 *
 * @module
 */

import { GgufError } from "../errors.ts";

/** Random-access bytes of one GGUF file. */
export interface GgufSource {
  /** Size in bytes. */
  readonly size: number;
  /** Fills all of `dst` with the bytes at `position`, or throws a `GgufError` (never a short read). */
  read(dst: Uint8Array, position: number): Promise<void>;
  /** Releases the file handle (a no-op for bytes in memory). */
  close(): void;
}

function checkRange(size: number, dst: Uint8Array, position: number): void {
  if (!Number.isSafeInteger(position) || position < 0 || position + dst.byteLength > size) {
    throw new GgufError("read outside the file", {
      context: { offset: position, length: dst.byteLength, size },
    });
  }
}

/** A source over bytes in memory. */
class BytesSource implements GgufSource {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get size(): number {
    return this.#bytes.byteLength;
  }

  read(dst: Uint8Array, position: number): Promise<void> {
    checkRange(this.size, dst, position);
    dst.set(this.#bytes.subarray(position, position + dst.byteLength));
    return Promise.resolve();
  }

  close(): void {}

  [Symbol.for("Deno.customInspect")](): string {
    return `GgufSource(memory, ${this.size} bytes)`;
  }
}

/** A source over an open file; reads are queued so that concurrent callers never interleave seeks. */
class FileSource implements GgufSource {
  readonly size: number;
  readonly #path: string;
  readonly #file: Deno.FsFile;
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string, file: Deno.FsFile, size: number) {
    this.#path = path;
    this.#file = file;
    this.size = size;
  }

  read(dst: Uint8Array, position: number): Promise<void> {
    checkRange(this.size, dst, position);
    const next = this.#queue.then(() => this.#readAt(dst, position));
    this.#queue = next.catch(() => {}); // one failed read must not poison the queue
    return next;
  }

  async #readAt(dst: Uint8Array, position: number): Promise<void> {
    try {
      await this.#file.seek(position, Deno.SeekMode.Start);
      let done = 0;
      while (done < dst.byteLength) {
        const n = await this.#file.read(dst.subarray(done));
        if (n === null) break;
        done += n;
      }
      if (done < dst.byteLength) {
        throw new GgufError("file ended early (was it truncated while open?)", {
          context: { path: this.#path, offset: position + done },
        });
      }
    } catch (cause) {
      if (cause instanceof GgufError) throw cause;
      throw new GgufError("cannot read the file", { context: { path: this.#path, offset: position }, cause });
    }
  }

  close(): void {
    this.#file.close();
  }

  [Symbol.for("Deno.customInspect")](): string {
    return `GgufSource(${JSON.stringify(this.#path)}, ${this.size} bytes)`;
  }
}

/**
 * Opens a GGUF source: a path is opened for reading (nothing is read yet); bytes are used in place.
 * Failing to open or stat the file is a `GgufError` naming the path.
 */
export async function openGgufSource(pathOrBytes: string | Uint8Array): Promise<GgufSource> {
  if (typeof pathOrBytes !== "string") return new BytesSource(pathOrBytes);
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(pathOrBytes, { read: true });
    const { size, isFile } = await file.stat();
    if (!isFile) throw new GgufError("not a regular file", { context: { path: pathOrBytes } });
    return new FileSource(pathOrBytes, file, size);
  } catch (cause) {
    file?.close();
    if (cause instanceof GgufError) throw cause;
    throw new GgufError("cannot open the GGUF file", { context: { path: pathOrBytes }, cause });
  }
}
