// x = cap * tanh(x / cap), element-wise, as llama.cpp builds it: scale by f32(1/cap), tanh, scale by cap.
// One invocation per element, 256 per workgroup, 2-D grid (common/grid.wgsl).
struct Params {
  length: u32,
  grid_x: u32,
  cap: f32,
  inverse_cap: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = flat_workgroup(wg, params.grid_x) * 256u + lid;
  if (i < params.length) {
    x[i] = tanh(x[i] * params.inverse_cap) * params.cap;
  }
}
