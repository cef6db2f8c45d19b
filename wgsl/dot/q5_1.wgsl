// Q5_1 weights . Q8_1 activations: term 0 is d_w * d_a * sum(q * q_a), term 1 the minimum's m_w * s_a (see
// dot/q4_1.wgsl).
const TERMS: u32 = 2u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  let b = a / 32u;
  if (term == 1u) {
    return w_f16(block + 2u) * act_s(b);
  }
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += q5_1_value(block, j) * act_q(a + j);
  }
  return (w_f16(block) * act_d(b)) * f32(sum);
}
