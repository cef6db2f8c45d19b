// Q5_0 weights . Q8_0 activations: d_w * d_a * sum((q - 16) * q_a) per block.
const TERMS: u32 = 1u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += q5_0_value(block, j) * act_q(a + j);
  }
  return (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
