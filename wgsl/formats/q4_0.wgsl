// Q4_0: 32 elements in 18 bytes: f16 scale d, then 16 bytes whose low nibbles are elements 0-15 and high
// nibbles elements 16-31; x = d * (nibble - 8). Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 18u;

fn q4_0_nibble(block: u32, i: u32) -> i32 {
  let byte = w_u8(block + 2u + (i & 15u));
  return i32(select(byte & 0xfu, byte >> 4u, i >= 16u)) - 8;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q4_0_nibble(block, i)) * w_f16(block);
}
