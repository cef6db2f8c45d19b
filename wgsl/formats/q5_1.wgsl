// Q5_1: 32 elements in 24 bytes: f16 scale d, f16 minimum m, 32 fifth bits qh, then nibbles laid out as Q4_0;
// x = d * (nibble | bit << 4) + m. Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 24u;

fn q5_1_value(block: u32, i: u32) -> i32 {
  let byte = w_u8(block + 8u + (i & 15u));
  let low = select(byte & 0xfu, byte >> 4u, i >= 16u);
  let high = ((w_u32(block + 4u) >> i) & 1u) << 4u;
  return i32(low | high);
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q5_1_value(block, i)) * w_f16(block) + w_f16(block + 2u);
}
