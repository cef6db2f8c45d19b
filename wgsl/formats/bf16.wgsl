// BF16 weights: the top 16 bits of an f32. ggml rounds the activations to bf16 first (nearest, ties to even).
// Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 1u;
const BLOCK_BYTES: u32 = 2u;

fn dequant_elem(block: u32, i: u32) -> f32 {
  return bitcast<f32>(w_u16(block) << 16u);
}

// ggml's GGML_FP32_TO_BF16: a NaN stays a (quiet) NaN; otherwise round the low 16 bits away, ties to even.
fn round_activation(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return bitcast<f32>((bits | 0x00400000u) & 0xffff0000u);
  }
  return bitcast<f32>((bits + 0x7fffu + ((bits >> 16u) & 1u)) & 0xffff0000u);
}
