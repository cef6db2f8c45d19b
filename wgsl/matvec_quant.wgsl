// Quantized matrix-vector product: out[t][r] = sum over blocks of block_dot(W row r, Q8 activations of token
// t) (+ bias[r]). The activations were rounded by quantize_q8*.wgsl first, so each block product is an
// integer sum scaled once, as in ggml. Prepended: a format file (weights binding, BLOCK_*), its dot file
// (block_dot) and common/q8_activations.wgsl.
//
// Work division: one workgroup of 64 per (row, token): the 64 invocations stride over the row's blocks, then
// a tree reduction in workgroup memory sums their partials. Rows use a 2-D grid (row = wg.y * grid_x + wg.x),
// tokens use wg.z. A workgroup past the last row still runs the reduction (no early return before a barrier).
struct Params {
  rows: u32,
  cols: u32,
  grid_x: u32,
  w_byte: u32,
  row_bytes: u32,
  out_stride: u32,
  out_offset: u32,
  has_bias: u32,
  bias_offset: u32,
  act_scales: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read> act: array<u32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const WORKGROUP: u32 = 64u;
var<workgroup> partial: array<f32, WORKGROUP>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = flat_workgroup(wg, params.grid_x);
  let t = wg.z;
  let valid = r < params.rows;
  var sum = 0.0;
  if (valid) {
    let row = params.w_byte + r * params.row_bytes;
    let blocks = params.cols / BLOCK_ELEMS;
    for (var b = lid; b < blocks; b += WORKGROUP) {
      sum += block_dot(row + b * BLOCK_BYTES, t * params.cols + b * BLOCK_ELEMS);
    }
  }
  partial[lid] = sum;
  for (var stride = WORKGROUP / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      partial[lid] += partial[lid + stride];
    }
  }
  if (lid == 0u && valid) {
    var value = partial[0];
    if (params.has_bias != 0u) {
      value += bias[params.bias_offset + r];
    }
    out[t * params.out_stride + params.out_offset + r] = value;
  }
}
