// IQ4_NL: 32 elements in 18 bytes: f16 d, then 16 bytes of 4-bit indices into IQ4_LEVELS (nibble layout of
// Q4_0); x = d * level. Needs common/bytes.wgsl and common/iq4_levels.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 18u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(iq4_level(block + 2u, i)) * w_f16(block);
}
