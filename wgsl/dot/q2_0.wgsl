// Q2_0 weights . Q8_0 activations: a weight block spans 2 activation blocks; as ggml, each activation block's
// d_a * sum((code - 1) * q_a) is summed in f32, then multiplied by d_w once.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum_blocks = 0.0;
  for (var k = 0u; k < 2u; k++) {
    var sum = 0i;
    for (var j = 0u; j < 32u; j++) {
      sum += q2_0_value(block, 32u * k + j) * act_q(a + 32u * k + j);
    }
    sum_blocks += opaque(act_d(a / 32u + k) * f32(sum));
  }
  (*terms)[0] = w_f16(block) * sum_blocks;
}
