// The 6-bit scale and min of sub-block `j` (0..7) of a Q4_K / Q5_K block, packed in the 12 bytes at `scales`
// (ggml's get_scale_min_k4): sub-blocks 0-3 use the low 6 bits of bytes 0-7, sub-blocks 4-7 combine a nibble
// of bytes 8-11 with the top 2 bits of bytes 0-7. Needs common/bytes.wgsl, and for dequant_elem the format's
// k_level (formats/q4_k.wgsl, formats/q5_k.wgsl).
fn k_scale_min(scales: u32, j: u32) -> vec2<u32> {
  if (j < 4u) {
    return vec2<u32>(w_u8(scales + j) & 63u, w_u8(scales + j + 4u) & 63u);
  }
  let packed = w_u8(scales + j + 4u);
  let scale = (packed & 0xfu) | ((w_u8(scales + j - 4u) >> 6u) << 4u);
  let min = (packed >> 4u) | ((w_u8(scales + j) >> 6u) << 4u);
  return vec2<u32>(scale, min);
}

// Element i of the block at byte `block`: x = d * scale * level - dmin * min (Q4_K and Q5_K alike).
fn dequant_elem(block: u32, i: u32) -> f32 {
  let sm = k_scale_min(block + 4u, i / 32u);
  return w_f16(block) * f32(sm.x) * f32(k_level(block, i)) - w_f16(block + 2u) * f32(sm.y);
}
