// The 16 non-linear levels of IQ4_NL and IQ4_XS (ggml's kvalues_iq4nl), and the level of element j (0..31) of
// 16 packed bytes at `qs`: low nibbles are elements 0..15, high nibbles 16..31. Needs common/bytes.wgsl.
const IQ4_LEVELS = array<i32, 16>(-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113);

fn iq4_level(qs: u32, j: u32) -> i32 {
  let byte = w_u8(qs + (j & 15u));
  return IQ4_LEVELS[select(byte & 0xfu, byte >> 4u, j >= 16u)];
}
