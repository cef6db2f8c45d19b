/**
 * Sanity check against the fixtures: the tensors `llama-quantize` wrote, dequantized by our code, stay close
 * to the `llama-f32` tensors they were made from.
 *
 * @module
 */

import assert from "node:assert/strict";
import { parseGgufBytes } from "../src/gguf/mod.ts";
import type { BlockFormat } from "../src/quant/format.ts";
import { relativeRmsError } from "./quant_helpers.ts";
import { sharedFile } from "./shared.ts";

/**
 * Dequantizes every `format` tensor of `fixtures/<quantFile>` and asserts that each one's relative RMS error
 * against the same tensor of `fixtures/llama-f32.gguf` is below `bound` (skips when the fixtures are missing).
 */
export function assertFixtureDequantizes(format: BlockFormat, quantFile: string, bound: number): void {
  const f32Path = sharedFile("fixtures/llama-f32.gguf");
  const quantPath = sharedFile(`fixtures/${quantFile}`);
  if (f32Path === undefined || quantPath === undefined) return;
  const f32Bytes = Deno.readFileSync(f32Path);
  const quantBytes = Deno.readFileSync(quantPath);
  const f32File = parseGgufBytes(f32Bytes);
  const quantFileParsed = parseGgufBytes(quantBytes);
  let checked = 0;
  for (const tensor of quantFileParsed.tensors) {
    if (tensor.type !== format.type) continue;
    const source = f32File.tensor(tensor.name)!;
    const start = f32File.dataOffset + source.offset;
    const reference = new Float32Array(f32Bytes.slice(start, start + source.byteLength).buffer);
    const decoded = new Float32Array(reference.length);
    format.dequantize(quantBytes, quantFileParsed.dataOffset + tensor.offset, decoded, 0, reference.length);
    const error = relativeRmsError(reference, decoded);
    assert.ok(error < bound, `${format.name} ${tensor.name}: relative RMS error ${error}`);
    checked++;
  }
  assert.ok(checked > 0, `${quantFile} has no ${format.name} tensors`);
}
