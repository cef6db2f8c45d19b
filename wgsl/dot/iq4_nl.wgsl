// IQ4_NL weights . Q8_0 activations: d_w * d_a * sum(level * q_a) per block.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += iq4_level(block + 2u, j) * act_q(a + j);
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
