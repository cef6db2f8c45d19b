// Q2_K weights . Q8_K activations: per group of 16, scale_g * sum(level * q_a) and min_g * sum(q_a) in
// integers; the block gives (d_a * d) * sum_scaled - (d_a * dmin) * sum_mins, as ggml.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var scaled = 0i;
  var mins = 0i;
  for (var g = 0u; g < 16u; g++) {
    let sm = w_u8(block + g);
    var sum = 0i;
    var act_sum = 0i;
    for (var l = 0u; l < 16u; l++) {
      let i = g * 16u + l;
      let qa = act_q(a + i);
      sum += level_2bit(block + 16u, i) * qa;
      act_sum += qa;
    }
    scaled += i32(sm & 0xfu) * sum;
    mins += i32(sm >> 4u) * act_sum;
  }
  let d_a = act_d(a / 256u);
  let scaled_part = opaque((d_a * w_f16(block + 80u)) * f32(scaled));
  (*terms)[0] = scaled_part - opaque((d_a * w_f16(block + 82u)) * f32(mins));
}
