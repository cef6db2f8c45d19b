// The integer dot product of two words of four signed bytes, in one instruction (`dot4I8Packed`, WGSL's
// packed_4x8_integer_dot_product; common/dot4_bytes.wgsl is the fallback with the same result).
fn dot4_i8(a: u32, b: u32) -> i32 {
  return dot4I8Packed(a, b);
}
