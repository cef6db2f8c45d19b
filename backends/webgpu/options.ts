/**
 * Options of `createWebGpuBackend`, validated once with zod and frozen.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError } from "../../src/errors.ts";

/** Schema of {@link WebGpuOptions}. */
export const WebGpuOptionsSchema = z.strictObject({
  /** Adapter preference passed to `requestAdapter`. */
  powerPreference: z.enum(["low-power", "high-performance"]).default("high-performance"),
  /** Read F16 weights as native `f16` when the adapter has `shader-f16`. */
  shaderF16: z.boolean().default(true),
  /** Tile edge of the matrix-matrix kernel; default: the largest that fits the device's limits. */
  matmulTile: z.number().int().positive().max(1024).optional(),
  /** Parameter slots (256 bytes each) between two submissions. */
  paramSlots: z.number().int().min(64).max(65536).default(4096),
});

/** Validated options. */
export type WebGpuOptions = Readonly<z.infer<typeof WebGpuOptionsSchema>>;

/** Options as a caller writes them (every field optional). */
export type WebGpuOptionsInput = z.input<typeof WebGpuOptionsSchema>;

/** Parses `input` into frozen options, or throws a `ConfigError` listing the problems. */
export function parseWebGpuOptions(input: unknown): WebGpuOptions {
  const result = WebGpuOptionsSchema.safeParse(input ?? {});
  if (!result.success) {
    throw new ConfigError(`invalid WebGPU backend options: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return Object.freeze(result.data);
}
