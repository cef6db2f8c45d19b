// Float matrix-vector product (F32 / F16 / BF16 weights): out[t][r] = sum_i W[r][i] * round_activation(x[t][i])
// (+ bias[r]); round_activation is the format's rounding of activations (f16 / bf16, as ggml). The products
// are exact and summed in double-f32, so the result is the f32 rounding of the exact dot product, as the CPU
// reference's double sum. Prepended: a format file (weights binding, dequant_elem, round_activation) and
// common/exact.wgsl.
//
// Work division: one workgroup of 64 per (row, token): invocations stride over the row, then a tree reduction
// in workgroup memory. Rows use a 2-D grid (row = wg.y * grid_x + wg.x), tokens wg.z. A workgroup past the
// last row still runs the reduction (no early return before a barrier).
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
  zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const WORKGROUP: u32 = 64u;
var<workgroup> partial: array<vec2<f32>, WORKGROUP>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let r = flat_workgroup(wg, params.grid_x);
  let t = wg.z;
  let valid = r < params.rows;
  var sum = vec2<f32>(0.0, 0.0);
  if (valid) {
    let row = params.w_byte + r * params.row_bytes;
    for (var i = lid; i < params.cols; i += WORKGROUP) {
      let product = two_prod(dequant_elem(row + i * BLOCK_BYTES, 0u), round_activation(x[t * params.cols + i]));
      sum = df_add(sum, product);
    }
  }
  partial[lid] = sum;
  for (var stride = WORKGROUP / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      partial[lid] = df_add(partial[lid], partial[lid + stride]);
    }
  }
  if (lid == 0u && valid) {
    var value = partial[0].x;
    if (params.has_bias != 0u) {
      value += bias[params.bias_offset + r];
    }
    out[t * params.out_stride + params.out_offset + r] = value;
  }
}
