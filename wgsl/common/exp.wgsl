// exp of a double-f32 argument, rounded to nearest f32 as the CPU's exp rounded to f32: GPU exp may be off by
// several ulp, and each softmax weight feeds every attention output.
//
// x = k * ln2 + r with |r| <= ln2 / 2 (ln2 as three f32 parts, products exact via two_prod); exp(r) is its
// Taylor series summed in double-f32 (12 terms: error below 1e-16), then scaled by 2^k. Below -104 the f32
// result is 0; subnormal results (x < -87.3, weights below 1e-38) may be off by one subnormal step.
// Needs common/exact.wgsl (with `exact_zero` set).
const LN2_1: f32 = 0.6931471824645996;
const LN2_2: f32 = -1.9046542121259336e-09;
const LN2_3: f32 = -8.78318373858934e-17;
const INVERSE_LN2: f32 = 1.4426950216293335;

fn exp_rn(x: vec2<f32>) -> f32 {
  if (x.x < -104.0) {
    return 0.0;
  }
  let k = round(x.x * INVERSE_LN2);
  var r = df_add(x, -two_prod(k, LN2_1));
  r = df_add(r, -two_prod(k, LN2_2));
  r = df_add(r, -two_prod(k, LN2_3));
  var term = vec2<f32>(1.0, 0.0);
  var sum = term;
  for (var n = 1u; n <= 12u; n++) {
    term = df_div_f32(df_mul(term, r), f32(n));
    sum = df_add(sum, term);
  }
  return ldexp(sum.x + sum.y, i32(k));
}
