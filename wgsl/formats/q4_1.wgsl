// Q4_1: 32 elements in 20 bytes: f16 scale d, f16 minimum m, then 16 bytes of nibbles laid out as Q4_0;
// x = d * nibble + m. Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 20u;

fn q4_1_nibble(block: u32, i: u32) -> i32 {
  let byte = w_u8(block + 4u + (i & 15u));
  return i32(select(byte & 0xfu, byte >> 4u, i >= 16u));
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q4_1_nibble(block, i)) * w_f16(block) + w_f16(block + 2u);
}
