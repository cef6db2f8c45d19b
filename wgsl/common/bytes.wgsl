// Byte-level reads from a weight tensor stored as raw ggml blocks.
//
// Quantized blocks are 18, 20, 22, ... bytes long, so their fields are not 4-byte aligned; the tensor is bound
// as `weights: array<u32>` (declared by the format file) and fields are cut out of the little-endian words.
// Needs common/f16.wgsl.

fn w_u8(byte: u32) -> u32 {
  return (weights[byte >> 2u] >> ((byte & 3u) * 8u)) & 0xffu;
}

fn w_i8(byte: u32) -> i32 {
  return (i32(w_u8(byte)) << 24u) >> 24u;
}

// A 16-bit field; `byte` is even, as every 16-bit field of a ggml block is.
fn w_u16(byte: u32) -> u32 {
  return (weights[byte >> 2u] >> ((byte & 2u) * 8u)) & 0xffffu;
}

// A 32-bit field at an even (not necessarily 4-aligned) offset, e.g. Q5_0's `qh`.
fn w_u32(byte: u32) -> u32 {
  return w_u16(byte) | (w_u16(byte + 2u) << 16u);
}

// Bits 0..3 of `bits` moved to bit 0 of bytes 0..3 (Q5 formats: four fifth bits beside four nibbles).
fn spread_bits4(bits: u32) -> u32 {
  return (bits & 1u) | ((bits & 2u) << 7u) | ((bits & 4u) << 14u) | ((bits & 8u) << 21u);
}

fn w_f16(byte: u32) -> f32 {
  return f16_bits_to_f32(w_u16(byte));
}
