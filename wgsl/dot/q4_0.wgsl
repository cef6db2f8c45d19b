// Q4_0 weights . Q8_0 activations: d_w * d_a * sum((nibble - 8) * q_a) per block. Four nibbles at a time:
// sum(nibble * q_a) - 8 * sum(q_a), in integers.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var k = 0u; k < 16u; k += 4u) {
    let nibbles = w_u32(block + 2u + k);
    sum += act_dot4(nibbles & 0x0f0f0f0fu, a + k) + act_dot4((nibbles >> 4u) & 0x0f0f0f0fu, a + 16u + k);
    sum -= 8 * (act_dot4(ACT_ONES, a + k) + act_dot4(ACT_ONES, a + 16u + k));
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
