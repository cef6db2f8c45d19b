// Q8_0 weights . Q8_0 activations: d_w * d_a * sum(q_w * q_a) per block, the sum in integers as ggml does,
// four bytes at a time. `block` is the weight block's byte offset, `a` the index of the block's first
// activation element; one accumulator (TERMS = 1) sums the block results, see matvec_quant.wgsl.
const TERMS: u32 = 1u;

fn block_terms(block: u32, a: u32, terms: ptr<function, array<f32, TERMS>>) {
  var sum = 0i;
  for (var k = 0u; k < 32u; k += 4u) {
    sum += act_dot4(w_u32(block + 2u + k), a + k);
  }
  (*terms)[0] = (w_f16(block) * act_d(a / 32u)) * f32(sum);
}
