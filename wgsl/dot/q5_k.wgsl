// Q5_K weights . Q8_K activations: as dot/q4_k.wgsl with 5-bit values.
const TERMS: u32 = 9u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  let d_a = act_d(a / 256u);
  if (term == 0u) {
    var mins = 0i;
    for (var j = 0u; j < 8u; j++) {
      var act_sum = 0i;
      for (var l = 0u; l < 32u; l++) {
        act_sum += act_q(a + j * 32u + l);
      }
      mins += i32(k_scale_min(block + 4u, j).y) * act_sum;
    }
    return -((w_f16(block + 2u) * d_a) * f32(mins));
  }
  var lane = 0i;
  for (var i = term - 1u; i < 256u; i += 8u) {
    lane += i32(k_scale_min(block + 4u, i / 32u).x) * q5_k_value(block, i) * act_q(a + i);
  }
  return (w_f16(block) * d_a) * f32(lane);
}
