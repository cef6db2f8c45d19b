/**
 * Reading and writing the scalar fields that quantized blocks store between their packed quants.
 *
 * ggml blocks are C structs laid out little-endian with no padding: an `f16` scale is two bytes, a `Q8_K` scale
 * is a four-byte `f32`, a `Q5_0` high-bit mask is a `uint32`. These helpers read and write such fields at a
 * byte offset of a `Uint8Array` without allocating, so that per-block code in the hot paths stays garbage-free.
 *
 * @module
 */

import { f16BitsToNumber, numberToF16Bits } from "./float.ts";

const f32Scratch = new Float32Array(1);
const f32Bytes = new Uint8Array(f32Scratch.buffer);

/** Reads the IEEE half stored little-endian at `bytes[offset..offset+2]` as a number. */
export function readF16(bytes: Uint8Array, offset: number): number {
  return f16BitsToNumber(bytes[offset] | (bytes[offset + 1] << 8));
}

/** Rounds `value` to the nearest IEEE half (ties to even, like `GGML_FP32_TO_FP16`) and stores it at `offset`. */
export function writeF16(bytes: Uint8Array, offset: number, value: number): void {
  const bits = numberToF16Bits(value);
  bytes[offset] = bits & 0xff;
  bytes[offset + 1] = bits >>> 8;
}

/** Reads the IEEE single stored little-endian at `bytes[offset..offset+4]`. */
export function readF32(bytes: Uint8Array, offset: number): number {
  f32Bytes[0] = bytes[offset];
  f32Bytes[1] = bytes[offset + 1];
  f32Bytes[2] = bytes[offset + 2];
  f32Bytes[3] = bytes[offset + 3];
  return f32Scratch[0];
}

/** Stores `value` rounded to an IEEE single, little-endian, at `bytes[offset..offset+4]`. */
export function writeF32(bytes: Uint8Array, offset: number, value: number): void {
  f32Scratch[0] = value;
  bytes[offset] = f32Bytes[0];
  bytes[offset + 1] = f32Bytes[1];
  bytes[offset + 2] = f32Bytes[2];
  bytes[offset + 3] = f32Bytes[3];
}

/** Reads the unsigned 32-bit integer stored little-endian at `offset` (e.g. the high-bit mask of Q5_0). */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) |
    (bytes[offset + 3] << 24)) >>> 0;
}

/** Stores an unsigned 32-bit integer little-endian at `offset`. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = value >>> 24;
}

/** Reads the byte at `offset` as a signed 8-bit integer (an `int8_t` quant). */
export function readI8(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 24) >> 24;
}
