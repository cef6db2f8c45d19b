// out = a + b, element-wise. One invocation per element, 256 per workgroup, 2-D grid (common/grid.wgsl).
// Buffers are bound read_write because `out` may be `a` or `b` (a residual add in place).
struct Params {
  length: u32,
  grid_x: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = flat_workgroup(wg, params.grid_x) * 256u + lid;
  if (i < params.length) {
    out[i] = a[i] + b[i];
  }
}
