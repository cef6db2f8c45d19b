// IQ3_S weights . Q8_K activations: (d * d_a) * sum over sub-blocks of scale_s * sum(value * q_a), the signed
// grid values four at a time.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var scaled = 0i;
  for (var s = 0u; s < 8u; s++) {
    var sum = 0i;
    for (var i = 8u * s; i < 8u * s + 8u; i++) {
      sum += act_dot4(iq3_s_values4(block, i), a + 4u * i);
    }
    scaled += iq3_s_scale(block, s) * sum;
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 256u)) * f32(scaled);
}
