// Reads activations quantized by quantize_q8.wgsl / quantize_q8_k.wgsl.
//
// Layout of `act: array<u32>`: first every int8 value of every row, four per word (element i is byte i), then
// from word `params.act_scales` two f32 per activation block: the scale d and, for Q8_1, s = f16(d * sum(q)).
// The block length is the weight's (32 for Q8_0/Q8_1, 256 for Q8_K), so block b covers elements b*BLOCK_ELEMS...

// Every byte 1: dotted with four activations, it sums them.
const ACT_ONES: u32 = 0x01010101u;

// sum over k < 4 of byte k of `weights4` (signed) * q of activation i + k; `i` is a multiple of 4. Needs a
// common/dot4_*.wgsl file.
fn act_dot4(weights4: u32, i: u32) -> i32 {
  return dot4_i8(weights4, act[i >> 2u]);
}

fn act_q(i: u32) -> i32 {
  return (i32(act[i >> 2u] << (24u - (i & 3u) * 8u))) >> 24u;
}

fn act_d(block: u32) -> f32 {
  return bitcast<f32>(act[params.act_scales + 2u * block]);
}

fn act_s(block: u32) -> f32 {
  return bitcast<f32>(act[params.act_scales + 2u * block + 1u]);
}
