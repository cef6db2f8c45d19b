/**
 * Builders for metadata entries, for code that writes GGUF files:
 *
 * ```ts
 * const entries = new Map([
 *   ["general.architecture", ggufString("llama")],
 *   ["llama.block_count", ggufU32(2)],
 *   ["tokenizer.ggml.scores", ggufArray(new Float32Array([0, -1, -2]))],
 * ]);
 * ```
 *
 * The builders only pair a value with its type; the writer checks ranges and types when it encodes them.
 *
 * @module
 */

import { type GgufArray, type GgufEntry, GgufValueType } from "./types.ts";
import { inferItemType } from "./value_types.ts";

/** A `UINT8` entry. */
export function ggufU8(value: number): GgufEntry {
  return { type: GgufValueType.UINT8, value };
}

/** An `INT8` entry. */
export function ggufI8(value: number): GgufEntry {
  return { type: GgufValueType.INT8, value };
}

/** A `UINT16` entry. */
export function ggufU16(value: number): GgufEntry {
  return { type: GgufValueType.UINT16, value };
}

/** An `INT16` entry. */
export function ggufI16(value: number): GgufEntry {
  return { type: GgufValueType.INT16, value };
}

/** A `UINT32` entry. */
export function ggufU32(value: number): GgufEntry {
  return { type: GgufValueType.UINT32, value };
}

/** An `INT32` entry. */
export function ggufI32(value: number): GgufEntry {
  return { type: GgufValueType.INT32, value };
}

/** A `UINT64` entry. */
export function ggufU64(value: number | bigint): GgufEntry {
  return { type: GgufValueType.UINT64, value };
}

/** An `INT64` entry. */
export function ggufI64(value: number | bigint): GgufEntry {
  return { type: GgufValueType.INT64, value };
}

/** A `FLOAT32` entry (the value is rounded to f32 when written). */
export function ggufF32(value: number): GgufEntry {
  return { type: GgufValueType.FLOAT32, value };
}

/** A `FLOAT64` entry. */
export function ggufF64(value: number): GgufEntry {
  return { type: GgufValueType.FLOAT64, value };
}

/** A `BOOL` entry. */
export function ggufBool(value: boolean): GgufEntry {
  return { type: GgufValueType.BOOL, value };
}

/** A `STRING` entry. */
export function ggufString(value: string): GgufEntry {
  return { type: GgufValueType.STRING, value };
}

/**
 * An `ARRAY` entry. The element type follows from the value (a `Float32Array` is `FLOAT32`, a `string[]` is
 * `STRING`, ...); pass `itemType` for an empty plain array or to be explicit.
 */
export function ggufArray(values: GgufArray, itemType: GgufValueType = inferItemType(values)): GgufEntry {
  return { type: GgufValueType.ARRAY, itemType, value: values };
}
