/**
 * Options of `createWebGpuBackend`, validated once with zod and frozen.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError } from "../../src/errors.ts";
import { parseFrozen } from "../../src/validate.ts";

const WebGpuOptionsSchema = z.strictObject({
  /** Adapter preference passed to `requestAdapter`. */
  powerPreference: z.enum(["low-power", "high-performance"]).default("high-performance"),
  /** Read F16 weights as native `f16` when the adapter has `shader-f16`. */
  shaderF16: z.boolean().default(true),
  /** Use WGSL's `dot4I8Packed` when the runtime has `packed_4x8_integer_dot_product`. */
  packedDot: z.boolean().default(true),
  /** Tile edge of the matrix-matrix kernel; default: the largest that fits the device's limits. */
  matmulTile: z.number().int().positive().max(1024).optional(),
  /**
   * Cap on the bytes one storage binding of a weight may span (below the device's
   * `maxStorageBufferBindingSize`): larger tensors are bound in windows. For tests and cautious drivers.
   */
  maxBindingBytes: z.number().int().min(4096).optional(),
  /** Parameter slots (256 bytes each) between two submissions. */
  paramSlots: z.number().int().min(64).max(65536).default(4096),
});

/** Options of `createWebGpuBackend`, as a caller writes them (see the schema above for meanings). */
export interface WebGpuOptionsInput {
  /** Adapter preference passed to `requestAdapter` (default `"high-performance"`). */
  readonly powerPreference?: "low-power" | "high-performance";
  /** Read F16 weights as native `f16` when the adapter has `shader-f16` (default true). */
  readonly shaderF16?: boolean;
  /** Use `dot4I8Packed` when the runtime supports it (default true; false tests the byte-wise fallback). */
  readonly packedDot?: boolean;
  /** Tile edge of the matrix-matrix kernel; default: the largest that fits the device's limits. */
  readonly matmulTile?: number;
  /** Cap on the bytes one weight binding spans; larger tensors are bound in windows. */
  readonly maxBindingBytes?: number;
  /** Parameter slots between two submissions (default 4096). */
  readonly paramSlots?: number;
}

/** Validated, frozen options with defaults filled in. */
export interface WebGpuOptions {
  /** Adapter preference. */
  readonly powerPreference: "low-power" | "high-performance";
  /** Whether to use native `f16` for F16 weights when available. */
  readonly shaderF16: boolean;
  /** Whether to use `dot4I8Packed` when available. */
  readonly packedDot: boolean;
  /** Requested matmul tile edge, if any. */
  readonly matmulTile?: number;
  /** Cap on one weight binding's bytes, if any. */
  readonly maxBindingBytes?: number;
  /** Parameter slots between two submissions. */
  readonly paramSlots: number;
}

/** Parses `input` into frozen options, or throws a `ConfigError` listing the problems. */
export function parseWebGpuOptions(input: unknown): WebGpuOptions {
  return parseFrozen(WebGpuOptionsSchema, input ?? {}, "WebGPU backend options", ConfigError);
}
