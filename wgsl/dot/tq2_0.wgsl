// TQ2_0 weights . Q8_K activations: sum((value - 1) * q_a) * (d_a * d) per block, as ggml.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var i = 0u; i < 256u; i++) {
    sum += (level_2bit(block, i) - 1) * act_q(a + i);
  }
  (*terms)[0] = f32(sum) * (act_d(a / 256u) * w_f16(block + 64u));
}
