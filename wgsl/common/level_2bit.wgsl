// The 2-bit level (0..3) of element i (0..255) of a block whose level bytes start at `qs`: byte 32c + l holds
// elements 128c + 32s + l at bits 2s (Q2_K's levels, Q3_K's low bits). Needs common/bytes.wgsl.
fn level_2bit(qs: u32, i: u32) -> i32 {
  return i32((w_u8(qs + (i / 128u) * 32u + (i & 31u)) >> (2u * ((i / 32u) & 3u))) & 3u);
}
