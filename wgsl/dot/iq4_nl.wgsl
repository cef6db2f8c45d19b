// IQ4_NL weights . Q8_0 activations: d_w * d_a * sum(level * q_a) per block.
const TERMS: u32 = 1u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += iq4_level(block + 2u, j) * act_q(a + j);
  }
  return (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
