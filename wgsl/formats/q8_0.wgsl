// Q8_0: 32 elements in 34 bytes: f16 scale d, then 32 int8 q; x = d * q. Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 32u;
const BLOCK_BYTES: u32 = 34u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(w_i8(block + 2u + i)) * w_f16(block);
}
