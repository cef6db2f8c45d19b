// Q4_K weights . Q8_K activations. Per sub-block j of 32: integer sums scale_j * sum(q * q_a) and
// min_j * sum(q_a); the block gives d_a * d * sum_scaled - d_a * dmin * sum_mins (ggml's order of rounding).
fn block_dot(block: u32, a: u32) -> f32 {
  var scaled = 0i;
  var mins = 0i;
  for (var j = 0u; j < 8u; j++) {
    let sm = k_scale_min(block + 4u, j);
    var sum = 0i;
    var act_sum = 0i;
    for (var l = 0u; l < 32u; l++) {
      let qa = act_q(a + j * 32u + l);
      sum += q4_k_nibble(block, j * 32u + l) * qa;
      act_sum += qa;
    }
    scaled += i32(sm.x) * sum;
    mins += i32(sm.y) * act_sum;
  }
  let d_a = act_d(a / 256u);
  return (d_a * w_f16(block)) * f32(scaled) - (d_a * w_f16(block + 2u)) * f32(mins);
}
