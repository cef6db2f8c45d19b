// The integer dot product of two words of four signed bytes, byte by byte (the fallback of
// common/dot4_packed.wgsl for runtimes without packed_4x8_integer_dot_product).
fn dot4_i8(a: u32, b: u32) -> i32 {
  var sum = 0i;
  for (var k = 0u; k < 32u; k += 8u) {
    sum += (i32(a << (24u - k)) >> 24u) * (i32(b << (24u - k)) >> 24u);
  }
  return sum;
}
