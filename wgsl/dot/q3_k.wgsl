// Q3_K weights . Q8_K activations: (d_a * d) * sum over groups of 16 of scale_g * sum(level * q_a).
fn block_dot(block: u32, a: u32) -> f32 {
  var scaled = 0i;
  for (var g = 0u; g < 16u; g++) {
    var sum = 0i;
    for (var l = 0u; l < 16u; l++) {
      let i = g * 16u + l;
      sum += q3_k_value(block, i) * act_q(a + i);
    }
    scaled += q3_k_scale(block, g) * sum;
  }
  return (act_d(a / 256u) * w_f16(block + 108u)) * f32(scaled);
}
