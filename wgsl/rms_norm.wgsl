// RMSNorm: out = x * (1 / sqrt(mean(x^2) + eps)) * weight, per row of `cols` (any width).
//
// Work division: one workgroup of 256 per row (row = wg.y * grid_x + wg.x). Invocations stride over the row
// summing squares, a tree reduction in workgroup memory gives the total, then they stride again to write.
// No fixed-size row buffer and no early return, so any width works. Bound read_write: `out` may be `x`.
struct Params {
  rows: u32,
  cols: u32,
  grid_x: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const WORKGROUP: u32 = 256u;
var<workgroup> partial: array<f32, WORKGROUP>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = flat_workgroup(wg, params.grid_x);
  let valid = row < params.rows;
  let base = row * params.cols;
  var sum = 0.0;
  if (valid) {
    for (var j = lid; j < params.cols; j += WORKGROUP) {
      let v = x[base + j];
      sum += v * v;
    }
  }
  partial[lid] = sum;
  for (var stride = WORKGROUP / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      partial[lid] += partial[lid + stride];
    }
  }
  workgroupBarrier();
  let scale = 1.0 / sqrt(partial[0] / f32(params.cols) + params.eps);
  if (valid) {
    for (var j = lid; j < params.cols; j += WORKGROUP) {
      out[base + j] = (x[base + j] * scale) * weight[j];
    }
  }
}
