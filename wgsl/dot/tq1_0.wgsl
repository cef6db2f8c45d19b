// TQ1_0 weights . Q8_K activations: sum(level * q_a) * (d * d_a) per block, as ggml.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var i = 0u; i < 256u; i++) {
    sum += tq1_0_level(block, i) * act_q(a + i);
  }
  (*terms)[0] = f32(sum) * (w_f16(block + 52u) * act_d(a / 256u));
}
