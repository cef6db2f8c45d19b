// TQ2_0: 256 ternary elements in 66 bytes: 64 bytes of 2-bit values laid out as Q2_K's levels, then f16 d.
// x = d * (value - 1). Needs common/bytes.wgsl and common/level_2bit.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 66u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(level_2bit(block, i) - 1) * w_f16(block + 64u);
}
