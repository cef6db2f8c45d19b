import assert from "node:assert/strict";
import { IQ3_S_FORMAT } from "../src/quant/iq3_s.ts";
import { IQ3S_GRID } from "../src/quant/iq3_s_grid.ts";
import { Q8_K_FORMAT } from "../src/quant/k_quants.ts";
import { writeF16 } from "../src/quant/block_fields.ts";
import { GgmlType, parseGgufBytes } from "../src/gguf/mod.ts";
import {
  assertFixtureDequantizes,
  assertGeometryMatchesGgml,
  dequantize,
  gaussian,
} from "./quant_helpers.ts";
import { sharedFile } from "./shared.ts";

Deno.test("IQ3_S: geometry matches ggml's type table; no quantizer", () => {
  assertGeometryMatchesGgml(IQ3_S_FORMAT, GgmlType.Q8_K);
  assert.equal(IQ3_S_FORMAT.quantize, undefined);
});

Deno.test("IQ3_S grid: 512 distinct points of odd magnitudes 1..15", () => {
  assert.equal(IQ3S_GRID.length, 512);
  assert.equal(new Set(IQ3S_GRID).size, 512);
  for (const point of IQ3S_GRID) {
    for (let k = 0; k < 4; k++) {
      const v = (point >>> (8 * k)) & 0xff;
      assert.ok(v % 2 === 1 && v <= 15, `0x${point.toString(16)}`);
    }
  }
  // First and last entries of ggml's iq3s_grid.
  assert.equal(IQ3S_GRID[0], 0x01010101);
  assert.equal(IQ3S_GRID[511], 0x0f0f0101);
});

Deno.test("IQ3_S: a hand-built block decodes by the layout", () => {
  const block = new Uint8Array(110);
  writeF16(block, 0, 0.5);
  block[2 + 8 * 1 + 3] = 0xff; // sub-block 1, index 3: low 8 bits 255 ...
  block[66 + 1] = 1 << 3; // ... and 9th bit set: grid[511] = bytes 1, 1, 15, 15
  block[74 + 4 * 1 + 1] = 0b0010_0000; // sign of weight 8 + 5 of sub-block 1 (byte 1, bit 5)
  block[106] = 0x30; // sub-block 1 scale nibble 3: multiplier 1 + 2 * 3 = 7
  const x = dequantize(IQ3_S_FORMAT, block, 256);
  // Index 3 is the second half of pair 1: weights 12..15 of sub-block 1; signs byte 1 bit 5 is weight 13.
  assert.deepEqual([...x.subarray(32 + 12, 32 + 16)], [3.5, -3.5, 52.5, 52.5]);
  // Index 2 (all-zero bits) is grid[0] = 1, 1, 1, 1; sub-block 0 has scale nibble 0: multiplier 1.
  assert.deepEqual([...x.subarray(32 + 8, 32 + 12)], [3.5, 3.5, 3.5, 3.5]);
  assert.deepEqual([...x.subarray(0, 4)], [0.5, 0.5, 0.5, 0.5]);
});

Deno.test("IQ3_S: vecDot equals the dot of the dequantized fixture rows", () => {
  const path = sharedFile("fixtures/llama-iq3_s.gguf");
  if (path === undefined) return;
  const bytes = Deno.readFileSync(path);
  const file = parseGgufBytes(bytes);
  const tensor = file.tensors.find((t) => t.type === GgmlType.IQ3_S)!;
  const n = tensor.dims[0];
  const w = bytes.subarray(
    file.dataOffset + tensor.offset,
    file.dataOffset + tensor.offset + (n / 256) * 110,
  );
  const wValues = dequantize(IQ3_S_FORMAT, w, n);
  const a = new Uint8Array((n / 256) * 292);
  Q8_K_FORMAT.quantizeActivations!(gaussian(n, 7), 0, a, 0, n);
  const aValues = dequantize(Q8_K_FORMAT, a, n);
  let expected = 0;
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    expected += wValues[i] * aValues[i];
    magnitude += Math.abs(wValues[i] * aValues[i]);
  }
  // Exact integer sums per block; only the per-block f32 products and the running sum round.
  assert.ok(Math.abs(IQ3_S_FORMAT.vecDot(n, w, 0, a, 0) - expected) <= 1e-5 * magnitude);
});

Deno.test("IQ3_S: fixture tensors dequantize close to llama-f32", () => {
  // Measured 0.167: about 3.4 bits per weight.
  assertFixtureDequantizes(IQ3_S_FORMAT, "llama-iq3_s.gguf", 0.185);
});
