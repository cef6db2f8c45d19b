// Q5_K: 256 elements in 176 bytes: f16 d, f16 dmin, 12 bytes of scales/mins (as Q4_K), 32 bytes qh (bit
// 2c / 2c+1 of byte l is the fifth bit of element l of sub-block 2c / 2c+1), then 128 bytes of nibbles laid
// out as Q4_K. x = d * scale * q - dmin * min. Needs common/bytes.wgsl and common/k_scales.wgsl (which
// defines dequant_elem from k_level).
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 176u;

// The level of element i: its nibble with the fifth bit from qh.
fn k_level(block: u32, i: u32) -> i32 {
  let sub = i / 32u;
  let byte = w_u8(block + 48u + (i / 64u) * 32u + (i & 31u));
  let low = select(byte & 0xfu, byte >> 4u, (sub & 1u) != 0u);
  let high = ((w_u8(block + 16u + (i & 31u)) >> sub) & 1u) << 4u;
  return i32(low | high);
}
