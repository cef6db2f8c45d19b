// Q4_1 weights . Q8_1 activations: term 0 is d_w * d_a * sum(nibble * q_a) (four nibbles at a time), term 1
// the minimum's m_w * s_a, each summed over blocks in its own accumulator as in ggml; s_a = f16(d_a * sum(q_a))
// was stored by the activation quantizer, so the minimum meets the same rounded sum.
const TERMS: u32 = 2u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  let b = a / 32u;
  var sum = 0i;
  for (var k = 0u; k < 16u; k += 4u) {
    let nibbles = w_u32(block + 4u + k);
    sum += act_dot4(nibbles & 0x0f0f0f0fu, a + k) + act_dot4((nibbles >> 4u) & 0x0f0f0f0fu, a + 16u + k);
  }
  (*terms)[0] = (w_f16(block) * act_d(b)) * f32(sum);
  (*terms)[1] = w_f16(block + 2u) * act_s(b);
}
