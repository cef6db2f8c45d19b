/**
 * The fixed facts of the GGUF layout shared by the reader and the writer: the magic, the supported versions,
 * the alignment rule, the size of a tensor's data, and the limits this implementation enforces on untrusted
 * files.
 *
 * A GGUF file is, in order: the magic `GGUF`, a u32 version, a u64 tensor count, a u64 metadata count, the
 * metadata entries (key, value type, value), the tensor infos (name, dims, ggml type, data offset), zero padding
 * up to the alignment, then the data section where every tensor's bytes start at an aligned offset.
 * Everything is little-endian.
 *
 * @module
 */

import { GgufError } from "../errors.ts";
import { ggmlTypeInfo, ggmlTypeName } from "./ggml_type.ts";

/** The four bytes every GGUF file starts with: `GGUF`. */
export const GGUF_MAGIC: Uint8Array = new Uint8Array([0x47, 0x47, 0x55, 0x46]);

/** GGUF versions this implementation reads and writes (v1 used 32-bit counts and is obsolete). */
export const GGUF_SUPPORTED_VERSIONS: readonly number[] = [2, 3];

/** Alignment of the data section and of every tensor when `general.alignment` is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** The metadata key that overrides {@link GGUF_DEFAULT_ALIGNMENT} (a u32 power of two). */
export const GGUF_ALIGNMENT_KEY = "general.alignment";

/** Most tensors a file may declare (real models have a few thousand). */
export const GGUF_MAX_TENSORS = 1 << 20;

/** Most metadata entries a file may declare (real models have well under a hundred). */
export const GGUF_MAX_KV = 1 << 16;

/** Most dimensions a tensor may have (`GGML_MAX_DIMS`). */
export const GGUF_MAX_DIMS = 4;

/** Longest tensor name in bytes: ggml stores names in 64-byte buffers including the terminating zero. */
export const GGUF_MAX_TENSOR_NAME_BYTES = 63;

/** Longest string (key or value) in bytes; the largest real ones are chat templates of a few hundred KiB. */
export const GGUF_MAX_STRING_BYTES = 64 << 20;

/** Most elements of one metadata array; the largest real ones are vocabularies of a few hundred thousand. */
export const GGUF_MAX_ARRAY_LENGTH = 1 << 26;

/** Deepest nesting of arrays inside arrays (llama.cpp itself accepts none). */
export const GGUF_MAX_ARRAY_DEPTH = 8;

/** `n` rounded up to a multiple of `alignment` (a power of two). */
export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** True when `n` is a positive power of two that fits a u32. */
export function isValidAlignment(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= 0x80000000 && (n & (n - 1)) === 0;
}

/** Element count and exact byte size of a tensor. */
export interface TensorSize {
  /** Product of the dimensions. */
  readonly nElements: number;
  /** Bytes of data: `nElements / blockSize * typeSize`. */
  readonly byteLength: number;
}

/**
 * Checks a tensor's type and dimensions and computes its size, refusing anything whose element count or byte
 * size is not an exact safe integer. Errors name the tensor and, when given, the byte offset of its info.
 */
export function tensorSize(
  tensor: string,
  type: number,
  dims: readonly number[],
  offset?: number,
): TensorSize {
  const fail = (message: string): never => {
    throw new GgufError(message, { context: { tensor, offset } });
  };
  const info = ggmlTypeInfo(type);
  if (!info) fail(`unknown ggml type id ${type}`);
  if (dims.length > GGUF_MAX_DIMS) fail(`${dims.length} dimensions, at most ${GGUF_MAX_DIMS} are allowed`);
  let nElements = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) fail(`dimension ${d} is not a non-negative safe integer`);
    // An exact product below 2^53 is computed exactly; a larger one lands above MAX_SAFE_INTEGER.
    nElements *= d;
    if (!Number.isSafeInteger(nElements)) fail(`dimensions [${dims.join(", ")}] overflow the element count`);
  }
  const { blockSize, typeSize } = info!;
  if ((dims[0] ?? 1) % blockSize !== 0) {
    fail(`first dimension ${dims[0]} is not a multiple of the ${ggmlTypeName(type)} block size ${blockSize}`);
  }
  const byteLength = (nElements / blockSize) * typeSize;
  if (!Number.isSafeInteger(byteLength)) fail(`dimensions [${dims.join(", ")}] overflow the byte size`);
  return { nElements, byteLength };
}
