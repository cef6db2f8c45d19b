// Q3_K weights . Q8_K activations, as ggml's scalar kernel: eight lanes l = term, each (d * d_a) * the integer
// sum of (scale_g - 32) * level * q_a over the elements i = l mod 8 (group g = i / 16).
const TERMS: u32 = 8u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var lanes = array<i32, 8>();
  for (var g = 0u; g < 16u; g++) {
    let scale = q3_k_scale(block, g);
    for (var lane = 0u; lane < 8u; lane++) {
      let i = 16u * g + lane;
      let pair = q3_k_value(block, i) * act_q(a + i) + q3_k_value(block, i + 8u) * act_q(a + i + 8u);
      lanes[lane] += scale * pair;
    }
  }
  let d = w_f16(block + 108u) * act_d(a / 256u);
  for (var lane = 0u; lane < 8u; lane++) {
    (*terms)[lane] = d * f32(lanes[lane]);
  }
}
