// MXFP4: 32 elements in 17 bytes: an E8M0 exponent byte e, then 16 bytes of 4-bit E2M1 codes (nibble layout
// of Q4_0). The codes index doubled E2M1 values, so the scale is half of 2^(e - 127): x = level * 2^(e - 128).
// Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 17u;

const MXFP4_LEVELS = array<i32, 16>(0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12);

fn mxfp4_level(block: u32, j: u32) -> i32 {
  let byte = w_u8(block + 1u + (j & 15u));
  return MXFP4_LEVELS[select(byte & 0xfu, byte >> 4u, j >= 16u)];
}

// 2^(e - 128) built from its bits; e = 0 and 1 are f32 subnormals.
fn mxfp4_scale(block: u32) -> f32 {
  let e = w_u8(block);
  return bitcast<f32>(select((e - 1u) << 23u, 0x00100000u << e, e < 2u));
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(mxfp4_level(block, i)) * mxfp4_scale(block);
}
