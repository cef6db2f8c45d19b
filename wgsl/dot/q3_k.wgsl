// Q3_K weights . Q8_K activations, as ggml's scalar kernel: eight lanes l = term, each (d * d_a) * the integer
// sum of (scale_g - 32) * level * q_a over the elements i = l mod 8 (group g = i / 16).
const TERMS: u32 = 8u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  var lane = 0i;
  for (var i = term; i < 256u; i += 8u) {
    lane += q3_k_scale(block, i / 16u) * q3_k_value(block, i) * act_q(a + i);
  }
  return (w_f16(block + 108u) * act_d(a / 256u)) * f32(lane);
}
