// TQ1_0: 256 ternary elements in 54 bytes, five trits per byte stored as a base-3 fraction of 256: 32 bytes
// for elements 0..159 (element 32n + m: trit n of byte m), 16 bytes for 160..239 (160 + 16n + m: trit n of
// byte 32 + m), 4 bytes for 240..255 (240 + 4n + m: trit n of byte 48 + m), then f16 d. x = d * (trit - 1).
// Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 54u;

const POWERS_OF_3 = array<u32, 5>(1u, 3u, 9u, 27u, 81u);

// Trit n (0 = most significant) of a byte: multiplying by 3^n shifts the fraction, the top digit is * 3 >> 8.
fn tq1_trit(byte: u32, n: u32) -> i32 {
  return i32((((byte * POWERS_OF_3[n]) & 0xffu) * 3u) >> 8u);
}

fn tq1_0_level(block: u32, i: u32) -> i32 {
  if (i < 160u) {
    return tq1_trit(w_u8(block + (i & 31u)), i / 32u) - 1;
  }
  if (i < 240u) {
    return tq1_trit(w_u8(block + 32u + ((i - 160u) & 15u)), (i - 160u) / 16u) - 1;
  }
  return tq1_trit(w_u8(block + 48u + ((i - 240u) & 3u)), (i - 240u) / 4u) - 1;
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return f32(tq1_0_level(block, i)) * w_f16(block + 52u);
}
