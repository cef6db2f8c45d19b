/**
 * Types describing a parsed GGUF file: metadata values and tensor infos.
 *
 * @module
 */

import type { GgmlType } from "./ggml_type.ts";
import type { GgufMetadata } from "./metadata.ts";

/** GGUF metadata value type ids (`gguf_type` in ggml). */
export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** A GGUF metadata value type id. */
export type GgufValueType = typeof GgufValueType[keyof typeof GgufValueType];

/**
 * A GGUF array value. Numeric arrays are typed arrays of the stored element type (64-bit integers as
 * `BigInt64Array`/`BigUint64Array`), strings and bools are plain arrays, and nested arrays are arrays of arrays.
 */
export type GgufArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigUint64Array
  | BigInt64Array
  | readonly boolean[]
  | readonly string[]
  | readonly GgufArray[];

/**
 * A GGUF metadata value. 64-bit integer scalars are `number` when they are safe integers and `bigint`
 * otherwise.
 */
export type GgufValue = number | bigint | boolean | string | GgufArray;

/** One metadata entry with its stored type (needed to write it back unchanged). */
export interface GgufEntry {
  /** The stored value type. */
  readonly type: GgufValueType;
  /** For arrays: the element type (for nested arrays, `ARRAY`). */
  readonly itemType?: GgufValueType;
  /** The value. */
  readonly value: GgufValue;
}

/** One tensor described by a GGUF file. */
export interface GgufTensorInfo {
  /** Tensor name, e.g. `blk.0.attn_q.weight`. */
  readonly name: string;
  /** ggml dimensions, innermost (contiguous) first. */
  readonly dims: readonly number[];
  /** ggml type id. */
  readonly type: GgmlType;
  /** Total number of elements. */
  readonly nElements: number;
  /** Offset of the data relative to the start of the data section. */
  readonly offset: number;
  /** Exact byte size of the data. */
  readonly byteLength: number;
}

/** A parsed GGUF header: version, layout, metadata and tensor infos (the tensor data stays in the source). */
export interface GgufFile {
  /** GGUF version (2 or 3). */
  readonly version: number;
  /** Alignment of the data section and of every tensor's offset. */
  readonly alignment: number;
  /**
   * Byte offset of the data section: the end of the header rounded up to {@link GgufFile.alignment}. May exceed
   * {@link GgufFile.fileSize} in a file without tensors, whose writers omit the final padding.
   */
  readonly dataOffset: number;
  /** Size of the whole file in bytes. */
  readonly fileSize: number;
  /** The metadata entries in file order. */
  readonly metadata: GgufMetadata;
  /** The tensor infos in file order. */
  readonly tensors: readonly GgufTensorInfo[];
  /** The tensor named `name`, or `undefined`. */
  tensor(name: string): GgufTensorInfo | undefined;
}
