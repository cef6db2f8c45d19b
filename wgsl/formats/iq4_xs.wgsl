// IQ4_XS: 256 elements in 136 bytes: f16 d, u16 scales_h, 4 bytes scales_l, then 8 sub-blocks of 32 as
// IQ4_NL's 16 index bytes. Sub-block s has a 6-bit scale (nibble s of scales_l, bit pair s of scales_h) biased
// by 32: x = (d * (scale - 32)) * level. Needs common/bytes.wgsl and common/iq4_levels.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 136u;

fn iq4_xs_scale(block: u32, s: u32) -> i32 {
  let low = (w_u8(block + 4u + s / 2u) >> (4u * (s & 1u))) & 0xfu;
  let high = (w_u16(block + 2u) >> (2u * s)) & 3u;
  return i32(low | (high << 4u)) - 32;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  let s = i / 32u;
  return (w_f16(block) * f32(iq4_xs_scale(block, s))) * f32(iq4_level(block + 8u + 16u * s, i & 31u));
}
