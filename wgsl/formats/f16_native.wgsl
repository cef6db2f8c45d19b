enable f16;

// F16 weights read as native `f16` (devices with `shader-f16`). ggml rounds the activations to f16 first;
// the conversion to f16 and back is exact for every finite f32 in range. Needs common/f16.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<f16>;

const BLOCK_ELEMS: u32 = 1u;
const BLOCK_BYTES: u32 = 2u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(weights[block >> 1u]);
}

fn round_activation(x: f32) -> f32 {
  return round_to_f16(x);
}
