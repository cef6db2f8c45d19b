/**
 * Facts about GGUF metadata value types: names, fixed byte sizes, the typed array each numeric type is read
 * into, and which element type a JavaScript array value stands for.
 *
 * @module
 */

import { type GgufArray, GgufValueType } from "./types.ts";

/** Name of a value type id for messages: `"UINT32"`, or `"unknown(99)"`. */
export function ggufValueTypeName(type: number): string {
  const name = Object.entries(GgufValueType).find(([, id]) => id === type)?.[0];
  return name ?? `unknown(${type})`;
}

/** True when `type` is a value type id GGUF defines. */
export function isGgufValueType(type: number): type is GgufValueType {
  return Number.isInteger(type) && type >= GgufValueType.UINT8 && type <= GgufValueType.FLOAT64;
}

/** Bytes taken by one value of each fixed-size type; strings and arrays are variable-sized. */
export const GGUF_FIXED_SIZE: Readonly<Partial<Record<GgufValueType, number>>> = {
  [GgufValueType.UINT8]: 1,
  [GgufValueType.INT8]: 1,
  [GgufValueType.UINT16]: 2,
  [GgufValueType.INT16]: 2,
  [GgufValueType.UINT32]: 4,
  [GgufValueType.INT32]: 4,
  [GgufValueType.FLOAT32]: 4,
  [GgufValueType.BOOL]: 1,
  [GgufValueType.UINT64]: 8,
  [GgufValueType.INT64]: 8,
  [GgufValueType.FLOAT64]: 8,
};

/** Fewest bytes one array element of each type can take (a string is at least its u64 length). */
export function minimumElementBytes(type: GgufValueType): number {
  if (type === GgufValueType.STRING) return 8;
  if (type === GgufValueType.ARRAY) return 12; // u32 element type + u64 count
  return GGUF_FIXED_SIZE[type]!;
}

/** A typed array class that numeric GGUF arrays are stored in. */
export type NumericArrayClass =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigUint64ArrayConstructor
  | BigInt64ArrayConstructor;

/** The typed array class holding arrays of each numeric type (GGUF is little-endian, like every host Deno runs on). */
export const NUMERIC_ARRAY_CLASS: ReadonlyMap<GgufValueType, NumericArrayClass> = new Map<
  GgufValueType,
  NumericArrayClass
>([
  [GgufValueType.UINT8, Uint8Array],
  [GgufValueType.INT8, Int8Array],
  [GgufValueType.UINT16, Uint16Array],
  [GgufValueType.INT16, Int16Array],
  [GgufValueType.UINT32, Uint32Array],
  [GgufValueType.INT32, Int32Array],
  [GgufValueType.FLOAT32, Float32Array],
  [GgufValueType.FLOAT64, Float64Array],
  [GgufValueType.UINT64, BigUint64Array],
  [GgufValueType.INT64, BigInt64Array],
]);

/**
 * The element type an array value stands for: the typed array's own type, `STRING` for strings, `BOOL` for
 * booleans, `ARRAY` for arrays of arrays. An empty plain array carries no element type and is taken as `STRING`
 * (only inside nested arrays is that a guess; top-level entries state their `itemType`).
 */
export function inferItemType(value: GgufArray): GgufValueType {
  if (!Array.isArray(value)) {
    for (const [type, cls] of NUMERIC_ARRAY_CLASS) if (value instanceof cls) return type;
  }
  const first = (value as readonly unknown[])[0];
  if (typeof first === "boolean") return GgufValueType.BOOL;
  if (Array.isArray(first) || ArrayBuffer.isView(first)) return GgufValueType.ARRAY;
  return GgufValueType.STRING;
}
