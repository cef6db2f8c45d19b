// RMSNorm: out = x * (1 / sqrt(mean(x^2) + eps)) * weight, per row of `cols` (any width), rounded as ggml:
// the f32 squares are summed in double (here double-f32, common/exact.wgsl), the mean is rounded to f32, and
// mean + eps, sqrt and 1 / sqrt are correctly rounded f32 operations. Needs common/exact.wgsl.
//
// Work division: one workgroup of 256 per row (row = wg.y * grid_x + wg.x). Invocations stride over the row
// summing squares, a tree reduction in workgroup memory gives the total, then they stride again to write.
// No fixed-size row buffer and no early return, so any width works. Bound read_write: `out` may be `x`.
struct Params {
  rows: u32,
  cols: u32,
  grid_x: u32,
  eps: f32,
  zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const WORKGROUP: u32 = 256u;
var<workgroup> partial: array<vec2<f32>, WORKGROUP>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let row = flat_workgroup(wg, params.grid_x);
  let valid = row < params.rows;
  let base = row * params.cols;
  var sum = vec2<f32>(0.0, 0.0);
  if (valid) {
    for (var j = lid; j < params.cols; j += WORKGROUP) {
      let v = x[base + j];
      sum = df_add_f32(sum, opaque(v * v));
    }
  }
  partial[lid] = sum;
  for (var stride = WORKGROUP / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      partial[lid] = df_add(partial[lid], partial[lid + stride]);
    }
  }
  workgroupBarrier();
  let mean = df_div_f32(partial[0], f32(params.cols));
  let scale = div_rn(1.0, sqrt_rn((mean.x + mean.y) + params.eps));
  if (valid) {
    for (var j = lid; j < params.cols; j += WORKGROUP) {
      out[base + j] = (x[base + j] * scale) * weight[j];
    }
  }
}
