// IQ3_S: 256 elements in 110 bytes: f16 d, 64 bytes qs, 8 bytes qh, 32 bytes of signs, 4 bytes of scales.
// Sub-block s (32 elements) holds 8 grid points of 4 elements: point i has the 9-bit index qs[8s + i] | (bit i
// of qh[s]) << 8 into format_table (the 512-entry IQ3S_GRID of src/quant/iq3_s_grid.ts: four odd magnitudes
// 1..15, one per byte), element j of the sub-block is byte j % 4 of point j / 4, negated when bit j % 8 of
// signs[4s + j / 8] is set; x = (d * (1 + 2 * scale_s)) * value, scale_s = nibble s % 2 of scales[s / 2].
// Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 110u;

// The four signed values of point i (0..31 in the block, elements 4i..4i+3) as a word of int8.
fn iq3_s_values4(block: u32, i: u32) -> u32 {
  let s = i / 8u;
  let index = w_u8(block + 2u + i) | (((w_u8(block + 66u + s) >> (i & 7u)) & 1u) << 8u);
  let signs = (w_u8(block + 74u + i / 2u) >> (4u * (i & 1u))) & 0xfu;
  // 0xff in the bytes to negate: (m ^ 0xff) + 1 = -m, and no byte carries into the next since m >= 1.
  let negate = spread_bits4(signs) * 0xffu;
  return (format_table[index] ^ negate) + (negate & 0x01010101u);
}

fn iq3_s_scale(block: u32, s: u32) -> i32 {
  return 1 + 2 * i32((w_u8(block + 106u + s / 2u) >> (4u * (s & 1u))) & 0xfu);
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  let value = (i32(iq3_s_values4(block, i / 4u) << (24u - 8u * (i & 3u)))) >> 24u;
  return (w_f16(block) * f32(iq3_s_scale(block, i / 32u))) * f32(value);
}
