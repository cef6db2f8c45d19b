// Q8_0 weights . Q8_0 activations: d_w * d_a * sum(q_w * q_a) per block, the sum in integers as ggml does.
// `block` is the weight block's byte offset, `a` the index of the block's first activation element; one
// accumulator (TERMS = 1) sums the block results, see matvec_quant.wgsl.
const TERMS: u32 = 1u;

fn block_term(block: u32, a: u32, term: u32) -> f32 {
  var sum = 0i;
  for (var j = 0u; j < 32u; j++) {
    sum += w_i8(block + 2u + j) * act_q(a + j);
  }
  return (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
