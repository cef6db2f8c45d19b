// F32 weights: one element per "block". Activations meet them unrounded.
@group(0) @binding(1) var<storage, read> weights: array<f32>;

const BLOCK_ELEMS: u32 = 1u;
const BLOCK_BYTES: u32 = 4u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return weights[block >> 2u];
}

fn round_activation(x: f32) -> f32 {
  return x;
}
