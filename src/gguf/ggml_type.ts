/**
 * The ggml tensor types a GGUF file can name, with their block geometry.
 *
 * Every ggml type stores elements in blocks: `blockSize` elements take `typeSize` bytes. The table lists every
 * type llama.cpp (commit 3f545bec) knows, so that the GGUF reader can size any tensor of any file llama.cpp
 * loads; which of them the engine can compute with is decided in `src/quant`.
 *
 * @module
 */

/** ggml type ids as stored in GGUF tensor infos. */
export const GgmlType = {
  F32: 0,
  F16: 1,
  Q4_0: 2,
  Q4_1: 3,
  Q5_0: 6,
  Q5_1: 7,
  Q8_0: 8,
  Q8_1: 9,
  Q2_K: 10,
  Q3_K: 11,
  Q4_K: 12,
  Q5_K: 13,
  Q6_K: 14,
  Q8_K: 15,
  IQ2_XXS: 16,
  IQ2_XS: 17,
  IQ3_XXS: 18,
  IQ1_S: 19,
  IQ4_NL: 20,
  IQ3_S: 21,
  IQ2_S: 22,
  IQ4_XS: 23,
  I8: 24,
  I16: 25,
  I32: 26,
  I64: 27,
  F64: 28,
  IQ1_M: 29,
  BF16: 30,
  TQ1_0: 34,
  TQ2_0: 35,
  MXFP4: 39,
  Q1_0: 41,
  Q2_0: 42,
} as const;

/** A ggml type id (one of the values of {@link GgmlType}). */
export type GgmlType = typeof GgmlType[keyof typeof GgmlType];

/** Block geometry of a ggml type. */
export interface GgmlTypeInfo {
  /** The type id. */
  readonly id: GgmlType;
  /** Name as llama.cpp prints it, e.g. `"Q4_K"`. */
  readonly name: string;
  /** Elements per block. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly typeSize: number;
}

const GEOMETRY: Record<keyof typeof GgmlType, readonly [blockSize: number, typeSize: number]> = {
  F32: [1, 4],
  F16: [1, 2],
  Q4_0: [32, 18],
  Q4_1: [32, 20],
  Q5_0: [32, 22],
  Q5_1: [32, 24],
  Q8_0: [32, 34],
  Q8_1: [32, 36],
  Q2_K: [256, 84],
  Q3_K: [256, 110],
  Q4_K: [256, 144],
  Q5_K: [256, 176],
  Q6_K: [256, 210],
  Q8_K: [256, 292],
  IQ2_XXS: [256, 66],
  IQ2_XS: [256, 74],
  IQ3_XXS: [256, 98],
  IQ1_S: [256, 50],
  IQ4_NL: [32, 18],
  IQ3_S: [256, 110],
  IQ2_S: [256, 82],
  IQ4_XS: [256, 136],
  I8: [1, 1],
  I16: [1, 2],
  I32: [1, 4],
  I64: [1, 8],
  F64: [1, 8],
  IQ1_M: [256, 56],
  BF16: [1, 2],
  TQ1_0: [256, 54],
  TQ2_0: [256, 66],
  MXFP4: [32, 17],
  Q1_0: [128, 18],
  Q2_0: [64, 18],
};

const BY_ID: ReadonlyMap<number, GgmlTypeInfo> = new Map(
  (Object.keys(GgmlType) as (keyof typeof GgmlType)[]).map((name) => {
    const [blockSize, typeSize] = GEOMETRY[name];
    const info: GgmlTypeInfo = Object.freeze({ id: GgmlType[name], name, blockSize, typeSize });
    return [info.id, info] as const;
  }),
);

/** Returns the geometry of a type id, or `undefined` when ggml has no such type. */
export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return BY_ID.get(id);
}

/** Name of a type id for messages: `"Q4_K"`, or `"unknown(77)"`. */
export function ggmlTypeName(id: number): string {
  return BY_ID.get(id)?.name ?? `unknown(${id})`;
}
