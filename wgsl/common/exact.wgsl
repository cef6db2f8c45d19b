// Error-free f32 arithmetic, for the few places where ggml's CPU backend computes in double or where WGSL's
// division and square root (allowed 2.5 ulp of error) would round differently from the CPU.
//
// A "double-f32" value is a vec2<f32> (hi, lo) with |lo| <= ulp(hi) / 2: about 48 significant bits, enough
// for ggml's double sums to round to the same f32. Only +, - and * are used, which WGSL rounds correctly.
//
// Shader compilers treat f32 arithmetic as real arithmetic and fold two-sum's (a + b) - a into b and
// s - (s - a) into a (Mesa does), which would zero every error term. Two-sum's intermediate values therefore
// pass through `opaque`, an integer xor with a value the compiler cannot know: every kernel that includes
// this file first copies its always-zero `params.zero` into `exact_zero`. Products that must be rounded
// before an addition (as the CPU rounds them) go through `opaque` too, so that no compiler fuses them into an
// fma. The split masks mantissa bits instead of Veltkamp's 4097 * x, which a compiler could also rewrite.
var<private> exact_zero: u32;

// `x` unchanged, hidden from the compiler's algebra.
fn opaque(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ exact_zero);
}

// (s, e) with s = fl(a + b) and s + e = a + b exactly (Knuth's two-sum, any magnitudes).
fn two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  let bb = opaque(s - a);
  return vec2<f32>(s, (a - (s - bb)) + (b - bb));
}

// x = hi + lo where hi keeps the top 12 significant bits, so products of halves are exact in f32.
fn split_f32(x: f32) -> vec2<f32> {
  let hi = bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);
  return vec2<f32>(hi, x - hi);
}

// (p, e) with p = fl(a * b) and p + e = a * b exactly (Dekker's two-product).
fn two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = opaque(a * b);
  let x = split_f32(a);
  let y = split_f32(b);
  return vec2<f32>(p, ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y);
}

// The double-f32 sum of a double-f32 and an f32.
fn df_add_f32(a: vec2<f32>, b: f32) -> vec2<f32> {
  let s = two_sum(a.x, b);
  return two_sum(s.x, s.y + a.y);
}

// The double-f32 sum of two double-f32 values.
fn df_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = two_sum(a.x, b.x);
  return two_sum(s.x, s.y + (a.y + b.y));
}

// The double-f32 product of two double-f32 values.
fn df_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let p = two_prod(a.x, b.x);
  return two_sum(p.x, p.y + (a.x * b.y + a.y * b.x));
}

// The double-f32 quotient of a double-f32 by an f32 (one correction step of the f32 quotient).
fn df_div_f32(a: vec2<f32>, b: f32) -> vec2<f32> {
  let q = a.x / b;
  let p = two_prod(q, b);
  let remainder = ((a.x - p.x) - p.y) + a.y;
  return two_sum(q, remainder / b);
}

// 1 / a rounded to nearest f32, for a double-f32 `a` (one correction with the exact residual 1 - q * a).
fn df_recip_rn(a: vec2<f32>) -> f32 {
  let q = 1.0 / a.x;
  let p = two_prod(q, a.x);
  return q + q * (((1.0 - p.x) - p.y) - q * a.y);
}

// a / b rounded to nearest f32 as the CPU does: the residual a - q * b is exact, and one correction fixes
// the last bit of a quotient WGSL computed to within a few ulp.
fn div_rn(a: f32, b: f32) -> f32 {
  let q = a / b;
  let p = two_prod(q, b);
  return q + ((a - p.x) - p.y) / b;
}

// sqrt(x) rounded to nearest f32 (x >= 0): one Newton correction with the exact residual x - y * y.
fn sqrt_rn(x: f32) -> f32 {
  let y = sqrt(x);
  if (y == 0.0) {
    return y;
  }
  let p = two_prod(y, y);
  return y + ((x - p.x) - p.y) / (2.0 * y);
}
