// F16 weights read as bits (devices without `shader-f16`). ggml rounds the activations to f16 first.
// Needs common/f16.wgsl and common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 1u;
const BLOCK_BYTES: u32 = 2u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return w_f16(block);
}

fn round_activation(x: f32) -> f32 {
  return round_to_f16(x);
}
