/**
 * Tile size of the tiled matrix-matrix kernel (`wgsl/matmul_tiled.wgsl`), derived from and checked against the
 * device's limits.
 *
 * A workgroup computes a `tile x tile` block of outputs with `tile * tile` invocations and keeps two
 * `tile x tile` f32 tiles in workgroup memory. Both must fit the device: a configuration that does not is
 * rejected with a `BackendError` when the pipeline is built, never launched.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";

/** The device limits the tile depends on (a subset of `GPUSupportedLimits`). */
export interface TileLimits {
  /** Bytes of workgroup memory. */
  readonly maxComputeWorkgroupStorageSize: number;
  /** Invocations per workgroup. */
  readonly maxComputeInvocationsPerWorkgroup: number;
  /** Workgroup width. */
  readonly maxComputeWorkgroupSizeX: number;
  /** Workgroup height. */
  readonly maxComputeWorkgroupSizeY: number;
}

/** Largest tile tried: 16 x 16 = 256 invocations, 2 KiB of workgroup memory. */
const PREFERRED_TILE = 16;

/** Workgroup memory of the two f32 tiles of a `tile x tile` workgroup. */
export function tileStorageBytes(tile: number): number {
  return 2 * tile * tile * 4;
}

/** Why a `tile x tile` workgroup does not fit `limits`, or `undefined` when it does. */
function tileProblem(tile: number, limits: TileLimits): string | undefined {
  if (!Number.isInteger(tile) || tile < 1) return "matmul tile must be a positive integer";
  if (tile * tile > limits.maxComputeInvocationsPerWorkgroup) {
    return "matmul tile needs more invocations than maxComputeInvocationsPerWorkgroup";
  }
  if (tile > limits.maxComputeWorkgroupSizeX || tile > limits.maxComputeWorkgroupSizeY) {
    return "matmul tile is wider than maxComputeWorkgroupSizeX/Y";
  }
  if (tileStorageBytes(tile) > limits.maxComputeWorkgroupStorageSize) {
    return "matmul tiles need more than maxComputeWorkgroupStorageSize";
  }
  return undefined;
}

/** Throws a `BackendError` naming the limit a `tile x tile` workgroup would exceed. */
export function checkMatmulTile(tile: number, limits: TileLimits): void {
  const problem = tileProblem(tile, limits);
  if (problem !== undefined) {
    throw new BackendError(problem, { context: { tile, storageBytes: tileStorageBytes(tile), ...limits } });
  }
}

/** The largest power-of-two tile up to 16 that fits `limits`; a `BackendError` if not even 1 x 1 fits. */
export function planMatmulTile(limits: TileLimits): number {
  for (let tile = PREFERRED_TILE; tile >= 1; tile /= 2) {
    if (tileProblem(tile, limits) === undefined) return tile;
  }
  throw new BackendError("no matmul tile fits this device", { context: { ...limits } });
}
