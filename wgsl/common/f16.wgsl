// IEEE half <-> f32 conversions in integer arithmetic.
//
// Written out by hand (instead of pack2x16float/unpack2x16float) so the result never depends on how a device
// rounds or whether it flushes f16 subnormals: ggml rounds to nearest, ties to even, and keeps subnormals.

// The f32 value of the half whose bits are the low 16 bits of `h`.
fn f16_bits_to_f32(h: u32) -> f32 {
  let sign = (h & 0x8000u) << 16u;
  let exponent = (h >> 10u) & 0x1fu;
  let mantissa = h & 0x3ffu;
  if (exponent == 0u) {
    // Zero or subnormal: mantissa * 2^-24, exact in f32.
    let magnitude = f32(mantissa) * 5.9604644775390625e-8;
    return select(magnitude, -magnitude, sign != 0u);
  }
  if (exponent == 31u) {
    return bitcast<f32>(sign | 0x7f800000u | (mantissa << 13u));
  }
  return bitcast<f32>(sign | ((exponent + 112u) << 23u) | (mantissa << 13u));
}

// The bits of `x` rounded to the nearest half, ties to even (overflow gives infinity, NaN stays NaN).
fn f32_to_f16_bits(x: f32) -> u32 {
  let bits = bitcast<u32>(x);
  let sign = (bits >> 16u) & 0x8000u;
  let magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) {
    return sign | 0x7e00u;
  }
  if (magnitude >= 0x477ff000u) {
    // 65520 and above round past the largest half (65504).
    return sign | 0x7c00u;
  }
  if (magnitude < 0x38800000u) {
    // Below 2^-14 the half is subnormal, in units of 2^-24; scaling by 2^24 is exact and round() ties to even.
    return sign | u32(round(bitcast<f32>(magnitude) * 16777216.0));
  }
  // Rebias the exponent (127 -> 15) and drop 13 mantissa bits, rounding to nearest even.
  let rebiased = magnitude - 0x38000000u;
  return sign | ((rebiased + 0xfffu + ((rebiased >> 13u) & 1u)) >> 13u);
}

// `x` rounded to the nearest half, as an f32.
fn round_to_f16(x: f32) -> f32 {
  return f16_bits_to_f32(f32_to_f16_bits(x));
}
