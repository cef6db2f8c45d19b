// MXFP4 weights . Q8_0 activations: (d_a * scale) * sum(level * q_a) per block, as ggml.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += mxfp4_level(block, j) * act_q(a + j);
  }
  (*terms)[0] = (act_d(a / 32u) * mxfp4_scale(block)) * f32(sum);
}
