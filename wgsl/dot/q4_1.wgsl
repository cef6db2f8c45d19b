// Q4_1 weights . Q8_1 activations: d_w * d_a * sum(nibble * q_a) + m_w * s_a, where s_a = f16(d_a * sum(q_a))
// was stored by the activation quantizer, so the minimum meets the same rounded sum as in ggml.
fn block_dot(block: u32, a: u32) -> f32 {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += q4_1_nibble(block, j) * act_q(a + j);
  }
  let b = a / 32u;
  return (w_f16(block) * act_d(b)) * f32(sum) + w_f16(block + 2u) * act_s(b);
}
