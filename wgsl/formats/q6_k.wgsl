// Q6_K: 256 elements in 210 bytes: 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8 scales (one
// per 16 elements), f16 d. Each half of 128 elements uses 64 ql bytes and 32 qh bytes; its quarter g (32
// elements) takes nibble g/2 of ql byte (l + 32*(g&1)) and bits 2g..2g+1 of qh byte l. x = d * scale * (q - 32).
// Needs common/bytes.wgsl.
@group(0) @binding(1) var<storage, read> weights: array<u32>;

const BLOCK_ELEMS: u32 = 256u;
const BLOCK_BYTES: u32 = 210u;

fn q6_k_value(block: u32, i: u32) -> i32 {
  let half = i / 128u;
  let quarter = (i / 32u) & 3u;
  let l = i & 31u;
  let ql = w_u8(block + half * 64u + l + (quarter & 1u) * 32u);
  let low = select(ql & 0xfu, ql >> 4u, quarter >= 2u);
  let high = ((w_u8(block + 128u + half * 32u + l) >> (2u * quarter)) & 3u) << 4u;
  return i32(low | high) - 32;
}

fn q6_k_scale(block: u32, i: u32) -> i32 {
  return w_i8(block + 192u + i / 16u);
}

fn dequant_elem(block: u32, i: u32) -> f32 {
  return w_f16(block + 208u) * f32(q6_k_scale(block, i)) * f32(q6_k_value(block, i));
}
