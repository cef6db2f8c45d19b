// Q3_K: 256 elements in 110 bytes: 32 bytes hmask (bit s of byte l: high bit of element 32s + l), 64 bytes of
// low 2-bit levels laid out as Q2_K, 12 bytes of 6-bit group scales biased by 32, f16 d. level = low bits - 4
// when the high bit is clear (-4..3); x = (d * (scale - 32)) * level per group of 16.
// Needs common/bytes.wgsl and common/level_2bit.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 110u;

fn q3_k_value(block: u32, i: u32) -> i32 {
  let high = (w_u8(block + (i & 31u)) >> (i / 32u)) & 1u;
  return level_2bit(block + 32u, i) - select(4, 0, high != 0u);
}

// Group g's scale: low 4 bits are a nibble of bytes 0..7 (groups 8..15 the high nibbles), high 2 bits a pair of
// bits of bytes 8..11.
fn q3_k_scale(block: u32, g: u32) -> i32 {
  let scales = block + 96u;
  let low = (w_u8(scales + (g & 7u)) >> (4u * (g / 8u))) & 0xfu;
  let high = (w_u8(scales + 8u + (g & 3u)) >> (2u * (g / 4u))) & 3u;
  return i32(low | (high << 4u)) - 32;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return (w_f16(block + 108u) * f32(q3_k_scale(block, i / 16u))) * f32(q3_k_value(block, i));
}
