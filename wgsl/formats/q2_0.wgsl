// Q2_0: 64 elements in 18 bytes: f16 d, then a 2-bit code per element (bits 2(j % 4).. of byte j / 4);
// x = (code - 1) * d. Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 64u;
const BLOCK_BYTES: u32 = 18u;

fn q2_0_value(block: u32, i: u32) -> i32 {
  return i32((w_u8(block + 2u + i / 4u) >> (2u * (i & 3u))) & 3u) - 1;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q2_0_value(block, i)) * w_f16(block);
}
