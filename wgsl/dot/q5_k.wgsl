// Q5_K weights . Q8_K activations: as dot/q4_k.wgsl with 5-bit values.
fn block_dot(block: u32, a: u32) -> f32 {
  var scaled = 0i;
  var mins = 0i;
  for (var j = 0u; j < 8u; j++) {
    let sm = k_scale_min(block + 4u, j);
    var sum = 0i;
    var act_sum = 0i;
    for (var l = 0u; l < 32u; l++) {
      let qa = act_q(a + j * 32u + l);
      sum += q5_k_value(block, j * 32u + l) * qa;
      act_sum += qa;
    }
    scaled += i32(sm.x) * sum;
    mins += i32(sm.y) * act_sum;
  }
  let d_a = act_d(a / 256u);
  return (d_a * w_f16(block)) * f32(scaled) - (d_a * w_f16(block + 2u)) * f32(mins);
}
