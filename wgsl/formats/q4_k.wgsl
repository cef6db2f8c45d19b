// Q4_K: 256 elements in 144 bytes: f16 d, f16 dmin, 12 bytes of packed 6-bit scales/mins for 8 sub-blocks of
// 32, then 128 bytes of nibbles. Each 64 elements share 32 bytes: low nibbles are sub-block 2c, high nibbles
// sub-block 2c+1. x = d * scale * nibble - dmin * min. Needs common/bytes.wgsl and common/k_scales.wgsl (which
// defines dequant_elem from k_level).
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 144u;

// The level of element i: its nibble.
fn k_level(block: u32, i: u32) -> i32 {
  let byte = w_u8(block + 16u + (i / 64u) * 32u + (i & 31u));
  return i32(select(byte & 0xfu, byte >> 4u, (i & 32u) != 0u));
}
