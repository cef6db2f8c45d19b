// Q5_0: 32 elements in 22 bytes: f16 scale d, 32 fifth bits qh (bit i belongs to element i), then nibbles laid
// out as Q4_0; x = d * ((nibble | bit << 4) - 16). Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 22u;

fn q5_0_value(block: u32, i: u32) -> i32 {
  let byte = w_u8(block + 6u + (i & 15u));
  let low = select(byte & 0xfu, byte >> 4u, i >= 16u);
  let high = ((w_u32(block + 2u) >> i) & 1u) << 4u;
  return i32(low | high) - 16;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q5_0_value(block, i)) * w_f16(block);
}
