// IQ4_XS weights . Q8_K activations: (d * d_a) * sum over sub-blocks of scale_s * sum(level * q_a).
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var scaled = 0i;
  for (var s = 0u; s < 8u; s++) {
    var sum = 0i;
    for (var j = 0u; j < 32u; j++) {
      sum += iq4_level(block + 8u + 16u * s, j) * act_q(a + 32u * s + j);
    }
    scaled += iq4_xs_scale(block, s) * sum;
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 256u)) * f32(scaled);
}
