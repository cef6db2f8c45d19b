// Q2_K: 256 elements in 84 bytes: 16 scale bytes (group g of 16 elements: low nibble = scale, high nibble =
// minimum), 64 bytes of 2-bit levels, f16 d, f16 dmin. Byte 32c + l holds the levels of elements
// 128c + 32s + l at bits 2s. x = (d * scale) * level - dmin * min.
// Needs common/bytes.wgsl and common/level_2bit.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 84u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  let sm = w_u8(block + i / 16u);
  let scaled = w_f16(block + 80u) * f32(sm & 0xfu);
  return scaled * f32(level_2bit(block + 16u, i)) - w_f16(block + 82u) * f32(sm >> 4u);
}
