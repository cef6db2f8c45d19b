// Q1_0: 128 elements in 18 bytes: f16 d, then one sign bit per element (bit j % 8 of byte j / 8);
// x = +d when the bit is set, -d otherwise. Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 128u;
const BLOCK_BYTES: u32 = 18u;

fn q1_0_sign(block: u32, i: u32) -> i32 {
  return select(-1, 1, ((w_u8(block + 2u + i / 8u) >> (i & 7u)) & 1u) != 0u);
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(q1_0_sign(block, i)) * w_f16(block);
}
