// Q4_K and Q5_K weights . Q8_K activations, as ggml's scalar kernels: term 0 is the minimum, -(d_a * dmin) *
// sum_j(min_j * sum(q_a of sub-block j)); terms 1..8 are the lanes l = term - 1: (d_a * d) * the integer
// sum of scale_j * level * q_a over the elements i = l mod 8 (sub-block j = i / 32). The format file defines
// k_level: the 4-bit (Q4_K) or 5-bit (Q5_K) level of an element.
const TERMS: u32 = 9u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  let d_a = act_d(a / 256u);
  var scales: array<i32, 8>;
  var mins = 0i;
  for (var j = 0u; j < 8u; j++) {
    let scale_min = k_scale_min(block + 4u, j);
    scales[j] = i32(scale_min.x);
    var act_sum = 0i;
    for (var l = 0u; l < 32u; l += 4u) {
      act_sum += act_dot4(ACT_ONES, a + 32u * j + l);
    }
    mins += i32(scale_min.y) * act_sum;
  }
  (*terms)[0] = -((w_f16(block + 2u) * d_a) * f32(mins));
  let d = w_f16(block) * d_a;
  for (var lane = 0u; lane < 8u; lane++) {
    var lane_sum = 0i;
    for (var j = 0u; j < 8u; j++) {
      var sum = 0i;
      for (var i = 32u * j + lane; i < 32u * j + 32u; i += 8u) {
        sum += k_level(block, i) * act_q(a + i);
      }
      lane_sum += scales[j] * sum;
    }
    (*terms)[lane + 1u] = d * f32(lane_sum);
  }
}
