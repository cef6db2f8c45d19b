// sin and cos of an f32 angle, rounded to nearest f32 as the CPU's sinf/cosf: GPU sin/cos are only accurate
// to an absolute ~1e-6 near zero, which moves RoPE outputs by an ulp and, downstream, Q8 rounding decisions.
//
// The angle is reduced by k * pi/2 in double-f32 (pi/2 as three f32 parts, each product exact via two_prod),
// then both Taylor series are summed in double-f32 on |r| <= pi/4 (7 terms: error below 1e-14), and the
// quadrant k mod 4 picks signs and swaps. Needs common/exact.wgsl (with `exact_zero` set).
const HALF_PI_1: f32 = 1.5707963705062866;
const HALF_PI_2: f32 = -4.371138828673793e-08;
const HALF_PI_3: f32 = -1.7151245100058819e-15;
const TWO_OVER_PI: f32 = 0.6366197466850281;

// vec2(sin(angle), cos(angle)), each rounded once to f32.
fn sin_cos_rn(angle: f32) -> vec2<f32> {
  let k = round(angle * TWO_OVER_PI);
  var r = df_add(vec2<f32>(angle, 0.0), -two_prod(k, HALF_PI_1));
  r = df_add(r, -two_prod(k, HALF_PI_2));
  r = df_add(r, -two_prod(k, HALF_PI_3));
  let r2 = df_mul(r, r);
  // sin r = sum r^(2n+1) / (2n+1)! ; cos r = sum r^(2n) / (2n)!, terms built by multiplying and dividing.
  var sin_term = r;
  var cos_term = vec2<f32>(1.0, 0.0);
  var sin_sum = r;
  var cos_sum = cos_term;
  for (var n = 1u; n <= 7u; n++) {
    cos_term = df_div_f32(df_mul(cos_term, r2), -f32((2u * n - 1u) * (2u * n)));
    sin_term = df_div_f32(df_mul(sin_term, r2), -f32((2u * n) * (2u * n + 1u)));
    cos_sum = df_add(cos_sum, cos_term);
    sin_sum = df_add(sin_sum, sin_term);
  }
  let s = sin_sum.x + sin_sum.y;
  let c = cos_sum.x + cos_sum.y;
  let quadrant = i32(k) & 3;
  switch (quadrant) {
    case 1: {
      return vec2<f32>(c, -s);
    }
    case 2: {
      return vec2<f32>(-s, -c);
    }
    case 3: {
      return vec2<f32>(-c, s);
    }
    default: {
      return vec2<f32>(s, c);
    }
  }
}
