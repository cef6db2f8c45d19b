/**
 * Registry of the storage formats the engine computes with.
 *
 * @module
 */

import { GgmlType, ggmlTypeInfo, ggmlTypeName } from "../gguf/ggml_type.ts";
import { QuantError } from "../errors.ts";
import type { BlockFormat } from "./format.ts";
import { FLOAT_FORMATS } from "./float.ts";
import { LEGACY_FORMATS } from "./legacy.ts";
import { IQ4_FORMATS } from "./iq4.ts";
import { MXFP4_FORMAT } from "./mxfp4.ts";
import { Q1_Q2_FORMATS } from "./q1_q2.ts";
import { K_QUANT_FORMATS } from "./k_quants.ts";
import { TERNARY_FORMATS } from "./ternary.ts";
import { IQ3_S_FORMAT } from "./iq3_s.ts";

export type { BlockFormat } from "./format.ts";

const FORMATS: ReadonlyMap<number, BlockFormat> = new Map(
  [
    ...FLOAT_FORMATS,
    ...LEGACY_FORMATS,
    ...IQ4_FORMATS,
    MXFP4_FORMAT,
    ...Q1_Q2_FORMATS,
    ...K_QUANT_FORMATS,
    ...TERNARY_FORMATS,
    IQ3_S_FORMAT,
  ].map((f) => [f.type, f]),
);

/** The format of a ggml type, or `undefined` when the engine cannot compute with it. */
export function blockFormat(type: number): BlockFormat | undefined {
  return FORMATS.get(type);
}

/** Q8_1 and Q8_K exist only as activation partners: ggml has no dot product with them as weights. */
function isActivationOnly(type: number): boolean {
  return type === GgmlType.Q8_1 || type === GgmlType.Q8_K;
}

/** Names of every type the engine can compute with as weights, for error messages. */
export function supportedTypeNames(): string[] {
  return [...FORMATS.values()].filter((f) => !isActivationOnly(f.type)).map((f) => f.name);
}

/** The format of `type` as a weight, or a `QuantError` naming the tensor, the type and what is supported. */
export function requireWeightFormat(type: number, tensor: string): BlockFormat {
  const format = FORMATS.get(type);
  if (!format || isActivationOnly(type)) {
    const known = ggmlTypeInfo(type) !== undefined;
    throw new QuantError(
      `tensor type ${ggmlTypeName(type)} is ${known ? "not supported by this engine" : "unknown"}; ` +
        `supported: ${supportedTypeNames().join(", ")}`,
      { context: { tensor, type: ggmlTypeName(type) } },
    );
  }
  return format;
}

/** Bytes needed for one row of `n` elements of `type` (n a multiple of its block size). */
export function rowBytes(type: GgmlType, n: number): number {
  const info = ggmlTypeInfo(type);
  if (!info || n % info.blockSize !== 0) {
    throw new QuantError(`a row of ${n} elements cannot be stored as ${ggmlTypeName(type)}`, {
      context: { type: ggmlTypeName(type), n },
    });
  }
  return (n / info.blockSize) * info.typeSize;
}
