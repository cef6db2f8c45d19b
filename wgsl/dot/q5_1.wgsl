// Q5_1 weights . Q8_1 activations: term 0 is d_w * d_a * sum(q * q_a) (four values, nibbles with their fifth
// bits, at a time), term 1 the minimum's m_w * s_a (see dot/q4_1.wgsl).
const TERMS: u32 = 2u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  let b = a / 32u;
  let high = w_u32(block + 4u);
  var sum = 0i;
  for (var k = 0u; k < 16u; k += 4u) {
    let nibbles = w_u32(block + 8u + k);
    let low4 = (nibbles & 0x0f0f0f0fu) | (spread_bits4(high >> k) << 4u);
    let high4 = ((nibbles >> 4u) & 0x0f0f0f0fu) | (spread_bits4(high >> (16u + k)) << 4u);
    sum += act_dot4(low4, a + k) + act_dot4(high4, a + 16u + k);
  }
  (*terms)[0] = (w_f16(block) * act_d(b)) * f32(sum);
  (*terms)[1] = w_f16(block + 2u) * act_s(b);
}
