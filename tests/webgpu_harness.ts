/**
 * Shared setup of the WebGPU tests: opening the backend (a loud skip without an adapter, a failure under
 * `CI=true`), running one operation on it and on the reference backend with the same inputs, and comparing.
 *
 * @module
 */

import type { ActivationBuffer, Backend, Weight, WeightDesc } from "../src/backend.ts";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { blockFormat } from "../src/quant/mod.ts";
import { createReferenceBackend } from "../src/ops/reference_backend.ts";
import { createWebGpuBackend, type WebGpuOptionsInput } from "../backends/webgpu/mod.ts";
import { GPU_FORMATS } from "../backends/webgpu/shaders.ts";
import { IN_CI } from "./shared.ts";

/** Every weight type the WebGPU backend has kernels for, in the order the backend lists them. */
export const GPU_TYPES: readonly GgmlType[] = [...GPU_FORMATS.keys()];

let opened: Promise<Backend | undefined> | undefined;

/** The WebGPU backend shared by a test file, or `undefined` (after a loud notice) when there is no adapter. */
export function webGpuOrSkip(): Promise<Backend | undefined> {
  opened ??= createWebGpuBackend().catch((error) => {
    if (IN_CI) throw error;
    console.warn(`%cSKIPPED: no WebGPU: ${error.message}`, "color: yellow; font-weight: bold");
    return undefined;
  });
  return opened;
}

/** A deterministic generator of uniform floats in [-1, 1) (xorshift32). */
export function randomFloats(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/**
 * IQ3_S blocks of random bytes (the engine has no IQ3_S quantizer; every index, sign and scale is valid) with
 * the f16 scale of each block set to 1/16.
 */
function randomIq3sBlocks(blocks: number): Uint8Array {
  const blockBytes = blockFormat(GgmlType.IQ3_S)!.typeSize;
  const bytes = new Uint8Array(blocks * blockBytes);
  const uniform = randomFloats(bytes.length, 7);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor((uniform[i] + 1) * 128);
  for (let b = 0; b < blocks; b++) bytes.set([0x00, 0x2c], b * blockBytes);
  return bytes;
}

/**
 * The bytes of a random `[cols, rows]` weight of `type`: `randomFloats(cols * rows, seed, scale)` quantized,
 * or random IQ3_S blocks (the engine has no IQ3_S quantizer).
 */
export function randomWeightBytes(
  type: GgmlType,
  cols: number,
  rows: number,
  seed: number,
  scale = 1,
): Uint8Array {
  const format = blockFormat(type)!;
  const blocks = (cols / format.blockSize) * rows;
  if (!format.quantize) return randomIq3sBlocks(blocks);
  const bytes = new Uint8Array(blocks * format.typeSize);
  format.quantize(randomFloats(cols * rows, seed, scale), 0, bytes, 0, cols * rows);
  return bytes;
}

/** The two backends under comparison. */
export interface Pair {
  /** WebGPU. */
  readonly gpu: Backend;
  /** The TypeScript reference. */
  readonly ref: Backend;
}

/**
 * A pair sharing the opened WebGPU backend, or `undefined` when skipped. With `options`, the WebGPU backend is
 * a new one created with them (dispose it).
 */
export async function backendPair(options?: WebGpuOptionsInput): Promise<Pair | undefined> {
  const shared = await webGpuOrSkip();
  if (!shared) return undefined;
  const gpu = options ? await createWebGpuBackend(options) : shared;
  return { gpu, ref: createReferenceBackend() };
}

/**
 * Allocates the same weight on both backends and writes `bytes` in chunks of `chunk` bytes (odd by default,
 * so that chunk edges split 4-byte words as a streaming loader may).
 */
export function weightPair(pair: Pair, desc: WeightDesc, bytes: Uint8Array, chunk = 999): [Weight, Weight] {
  const gpu = pair.gpu.allocWeight(desc);
  const ref = pair.ref.allocWeight(desc);
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
    pair.gpu.writeWeight(gpu, offset, piece);
    pair.ref.writeWeight(ref, offset, piece);
  }
  return [gpu, ref];
}

/** An f32 weight on both backends. */
export function f32WeightPair(
  pair: Pair,
  name: string,
  dims: number[],
  values: Float32Array,
): [Weight, Weight] {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return weightPair(pair, { name, type: 0, dims, byteLength: bytes.length }, bytes);
}

/** Activation buffers of `length` on both backends, filled with `values` (by a copy from a weight-free path). */
export function activationPair(
  pair: Pair,
  length: number,
  values?: Float32Array,
): [ActivationBuffer, ActivationBuffer] {
  const gpu = pair.gpu.allocActivations(length);
  const ref = pair.ref.allocActivations(length);
  if (values) {
    // Activations are written the way a model does: through embed of an f32 table with one row.
    const [tg, tr] = f32WeightPair(pair, "input", [length, 1], values);
    const token = new Int32Array([0]);
    pair.gpu.embed(gpu, tg, token, 1);
    pair.ref.embed(ref, tr, token, 1);
  }
  return [gpu, ref];
}

/** Reads `length` elements of both buffers. */
export async function readPair(pair: Pair, gpu: ActivationBuffer, ref: ActivationBuffer, length: number) {
  const a = new Float32Array(length), b = new Float32Array(length);
  await pair.gpu.read(gpu, 0, a);
  await pair.ref.read(ref, 0, b);
  return [a, b] as const;
}

/** Largest absolute difference of two arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN; // fails every bound, wherever it occurs
    if (d > max) max = d;
  }
  return max;
}

/** Largest difference relative to the reference value (absolute below magnitude 1). */
export function maxRelDiff(a: Float32Array, reference: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - reference[i]) / Math.max(1, Math.abs(reference[i]));
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}
