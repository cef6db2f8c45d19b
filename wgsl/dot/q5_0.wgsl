// Q5_0 weights . Q8_0 activations: d_w * d_a * sum((q - 16) * q_a) per block. Four values at a time (nibbles
// with their fifth bits, 0..31): sum(q * q_a) - 16 * sum(q_a), in integers.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  let high = w_u32(block + 2u);
  var sum = 0i;
  for (var k = 0u; k < 16u; k += 4u) {
    let nibbles = w_u32(block + 6u + k);
    let low4 = (nibbles & 0x0f0f0f0fu) | (spread_bits4(high >> k) << 4u);
    let high4 = ((nibbles >> 4u) & 0x0f0f0f0fu) | (spread_bits4(high >> (16u + k)) << 4u);
    sum += act_dot4(low4, a + k) + act_dot4(high4, a + 16u + k);
    sum -= 16 * (act_dot4(ACT_ONES, a + k) + act_dot4(ACT_ONES, a + 16u + k));
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
