/**
 * Shared checks for the block-format tests: seeded random data, round-trip error, dot-product agreement with
 * the dequantized rows, and byte identity with the files `llama-quantize` wrote.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type BlockFormat, blockFormat, requireWeightFormat } from "../src/quant/mod.ts";
import { GgmlType, ggmlTypeInfo, type GgufFile, parseGgufBytes } from "../src/gguf/mod.ts";
import { QuantError } from "../src/errors.ts";
import { readF16 } from "../src/quant/block_fields.ts";
import { Q8_K_FORMAT } from "../src/quant/k_quants.ts";
import { sharedFile } from "./shared.ts";

/** Deterministic standard-normal samples (mulberry32 + Box-Muller), so failures reproduce. */
export function gaussian(n: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = scale * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

/** Quantizes `x` with `format` and returns the bytes. */
export function quantize(format: BlockFormat, x: Float32Array): Uint8Array {
  const bytes = new Uint8Array((x.length / format.blockSize) * format.typeSize);
  format.quantize!(x, 0, bytes, 0, x.length);
  return bytes;
}

/** Dequantizes `n` elements of `bytes`. */
export function dequantize(format: BlockFormat, bytes: Uint8Array, n: number): Float32Array {
  const out = new Float32Array(n);
  format.dequantize(bytes, 0, out, 0, n);
  return out;
}

/** dequantize(quantize(x)). */
export function roundTrip(format: BlockFormat, x: Float32Array): Float32Array {
  return dequantize(format, quantize(format, x), x.length);
}

/** Root-mean-square of `a - b` divided by the root-mean-square of `a`. */
export function relativeRmsError(a: Float32Array, b: Float32Array): number {
  let err = 0;
  let ref = 0;
  for (let i = 0; i < a.length; i++) {
    err += (a[i] - b[i]) ** 2;
    ref += a[i] ** 2;
  }
  return Math.sqrt(err / ref);
}

/** Activations in the weight format's `vec_dot_type` for `x` (as ggml's CPU backend makes them), and their values. */
export function activationsFor(
  format: BlockFormat,
  x: Float32Array,
): { bytes: Uint8Array; values: Float32Array } {
  const partner = format.vecDotType === GgmlType.Q8_K ? Q8_K_FORMAT : blockFormat(format.vecDotType)!;
  const bytes = new Uint8Array((x.length / partner.blockSize) * partner.typeSize);
  partner.quantizeActivations!(x, 0, bytes, 0, x.length);
  return { bytes, values: dequantize(partner, bytes, x.length) };
}

/**
 * Asserts that `format.vecDot` of a random weight row and a random activation row equals the float64 dot of
 * their dequantized values within 1e-5 relative (the kernel sums exact integer products per block and rounds
 * only the per-block f32 products and the running sum).
 */
export function assertVecDotMatchesDequantized(format: BlockFormat, n: number, seed: number): void {
  const w = quantize(format, gaussian(n, seed));
  const wValues = dequantize(format, w, n);
  const { bytes, values } = activationsFor(format, gaussian(n, seed + 1));
  let expected = 0;
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    expected += wValues[i] * values[i];
    magnitude += Math.abs(wValues[i] * values[i]);
  }
  if (format.type === GgmlType.Q4_1 || format.type === GgmlType.Q5_1) {
    // Q4_1/Q5_1 kernels multiply the weight minimum m by the block's stored f16 s, not by the exact
    // d * sum(q) the dequantized values imply: add that difference per block.
    for (let b = 0; b < n / 32; b++) {
      let exactS = 0;
      for (let j = 0; j < 32; j++) exactS += values[b * 32 + j];
      expected += readF16(w, b * format.typeSize + 2) * (readF16(bytes, b * 36 + 2) - exactS);
    }
  }
  const got = format.vecDot(n, w, 0, bytes, 0);
  // Relative to the sum of magnitudes: the dot itself can cancel to near zero.
  assert.ok(Math.abs(got - expected) <= 1e-5 * magnitude, `${format.name}: vecDot ${got} vs ${expected}`);
}

/** One tensor of a quantized fixture beside the `llama-f32` tensor it was made from. */
interface FixtureTensor {
  /** The tensor name. */
  readonly name: string;
  /** The f32 values `llama-quantize` started from. */
  readonly reference: Float32Array;
  /** The blocks `llama-quantize` wrote. */
  readonly quantized: Uint8Array;
}

let f32Fixture: { bytes: Uint8Array; file: GgufFile } | undefined;

/**
 * Every `format` tensor of `fixtures/<quantFile>` with its `fixtures/llama-f32.gguf` source (read once per
 * test file), or `undefined` when the fixtures are missing. Asserts there is at least one.
 */
function fixtureTensors(format: BlockFormat, quantFile: string): FixtureTensor[] | undefined {
  const f32Path = sharedFile("fixtures/llama-f32.gguf");
  const quantPath = sharedFile(`fixtures/${quantFile}`);
  if (f32Path === undefined || quantPath === undefined) return undefined;
  if (!f32Fixture) {
    const bytes = Deno.readFileSync(f32Path);
    f32Fixture = { bytes, file: parseGgufBytes(bytes) };
  }
  const f32 = f32Fixture;
  const quantBytes = Deno.readFileSync(quantPath);
  const quant = parseGgufBytes(quantBytes);
  const tensors = quant.tensors.filter((tensor) => tensor.type === format.type).map((tensor) => {
    const source = f32.file.tensor(tensor.name)!;
    const start = f32.file.dataOffset + source.offset;
    const quantStart = quant.dataOffset + tensor.offset;
    return {
      name: tensor.name,
      reference: new Float32Array(f32.bytes.slice(start, start + source.byteLength).buffer),
      quantized: quantBytes.subarray(quantStart, quantStart + tensor.byteLength),
    };
  });
  assert.ok(tensors.length > 0, `${quantFile} has no ${format.name} tensors`);
  return tensors;
}

/**
 * Quantizes every tensor of `fixtures/llama-f32.gguf` that `fixtures/<quantFile>` stores as `format` and
 * returns the fraction of blocks byte-identical to that file, or `undefined` when the fixtures are missing.
 */
export function identicalBlockFraction(format: BlockFormat, quantFile: string): number | undefined {
  const tensors = fixtureTensors(format, quantFile);
  if (!tensors) return undefined;
  let blocks = 0;
  let identical = 0;
  for (const { reference, quantized } of tensors) {
    const ours = quantize(format, reference);
    for (let b = 0; b < ours.length; b += format.typeSize) {
      blocks++;
      let same = true;
      for (let k = 0; k < format.typeSize && same; k++) same = ours[b + k] === quantized[b + k];
      if (same) identical++;
    }
  }
  return identical / blocks;
}

/**
 * Dequantizes every `format` tensor of `fixtures/<quantFile>` and asserts that each one's relative RMS error
 * against the same tensor of `fixtures/llama-f32.gguf` is below `bound` (skips when the fixtures are missing):
 * a sanity check that our decoding reads the blocks `llama-quantize` wrote.
 */
export function assertFixtureDequantizes(format: BlockFormat, quantFile: string, bound: number): void {
  for (const { name, reference, quantized } of fixtureTensors(format, quantFile) ?? []) {
    const decoded = dequantize(format, quantized, reference.length);
    const error = relativeRmsError(reference, decoded);
    assert.ok(error < bound, `${format.name} ${name}: relative RMS error ${error}`);
  }
}

/**
 * Asserts that `format`'s block geometry is ggml's, that its activations are quantized as `vecDotType`, and
 * that the registry hands it out for weights of its type.
 */
export function assertGeometryMatchesGgml(format: BlockFormat, vecDotType: GgmlType): void {
  const info = ggmlTypeInfo(format.type)!;
  assert.equal(format.blockSize, info.blockSize);
  assert.equal(format.typeSize, info.typeSize);
  assert.equal(format.vecDotType, vecDotType);
  assert.equal(requireWeightFormat(format.type, "t"), format);
}

/**
 * Asserts the behaviour on degenerate blocks every format must survive: all zeros and all negative zeros
 * decode to zeros, values whose scale is an f16 (or f32) subnormal decode to finite values no further from the
 * input than the block's largest magnitude, and NaN or infinite input throws a `QuantError`.
 */
export function assertAdversarialBlocks(format: BlockFormat): void {
  const n = format.blockSize * 2;
  for (const fill of [0, -0]) {
    const decoded = roundTrip(format, new Float32Array(n).fill(fill));
    assert.ok(
      decoded.every((v) => v === 0),
      `${format.name}: a block of ${Object.is(fill, -0) ? "-0" : "0"}`,
    );
  }
  for (const amax of [1e-5, 1e-7, 1e-40]) {
    const x = gaussian(n, 11, amax / 4).map((v) => Math.max(-amax, Math.min(amax, v)));
    const decoded = roundTrip(format, x);
    for (let i = 0; i < n; i++) {
      assert.ok(Number.isFinite(decoded[i]), `${format.name}: amax ${amax} decodes to ${decoded[i]}`);
      assert.ok(Math.abs(decoded[i] - x[i]) <= 2 * amax, `${format.name}: amax ${amax}, element ${i}`);
    }
  }
  for (const bad of [NaN, Infinity, -Infinity]) {
    const x = gaussian(n, 12);
    x[n - 3] = bad;
    assert.throws(() => quantize(format, x), QuantError, `${format.name} accepted ${bad}`);
  }
}

/**
 * Asserts that one huge element in a block of small ones (a typical outlier) is recovered within `relative`
 * error: every format here derives its scale from the block's extreme values.
 */
export function assertOutlierKept(format: BlockFormat, relative: number): void {
  const x = gaussian(format.blockSize, 13, 0.01);
  x[5] = -1e4;
  const decoded = roundTrip(format, x);
  assert.ok(
    Math.abs(decoded[5] - x[5]) <= relative * 1e4,
    `${format.name}: outlier decoded as ${decoded[5]}`,
  );
}
