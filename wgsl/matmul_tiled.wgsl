// Tiled float matrix-matrix product for batches of tokens (F32 / F16 / BF16 weights):
// out[t][r] = sum_k W[r][k] * round_activation(x[t][k]) (+ bias[r]), the exact products summed in double-f32
// as in matvec_float.wgsl. Prepended: a format file and common/exact.wgsl.
//
// Work division: a workgroup of TILE x TILE invocations computes a TILE (rows) x TILE (tokens) tile of the
// output, one element per invocation. It walks the shared dimension TILE columns at a time: every invocation
// loads one weight and one activation into workgroup memory, a barrier, then each invocation accumulates
// TILE products from the shared tiles. TILE is a pipeline-override constant chosen by the host from the
// device limits (backends/webgpu/tiling.ts checks TILE*TILE invocations and 2*TILE*TILE*4 bytes fit).
// Out-of-range elements load zeros, so shapes need not be multiples of TILE.
struct Params {
  rows: u32,
  cols: u32,
  tokens: u32,
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

override TILE: u32 = 8u;
var<workgroup> weight_tile: array<f32, TILE * TILE>;
var<workgroup> x_tile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  exact_zero = params.zero;
  let first_row = wg.x * TILE;
  let first_token = wg.y * TILE;
  var sum = vec2<f32>(0.0, 0.0);
  for (var k0 = 0u; k0 < params.cols; k0 += TILE) {
    let k = k0 + local.x;
    let load_row = first_row + local.y;
    let load_token = first_token + local.y;
    var w = 0.0;
    if (load_row < params.rows && k < params.cols) {
      w = dequant_elem(params.w_byte + load_row * params.row_bytes + k * BLOCK_BYTES, 0u);
    }
    var a = 0.0;
    if (load_token < params.tokens && k < params.cols) {
      a = round_activation(x[load_token * params.cols + k]);
    }
    weight_tile[local.y * TILE + local.x] = w;
    x_tile[local.y * TILE + local.x] = a;
    workgroupBarrier();
    for (var kk = 0u; kk < TILE; kk++) {
      sum = df_add(sum, two_prod(weight_tile[local.x * TILE + kk], x_tile[local.y * TILE + kk]));
    }
    workgroupBarrier();
  }
  let r = first_row + local.x;
  let t = first_token + local.y;
  if (r < params.rows && t < params.tokens) {
    var value = sum.x;
    if (params.has_bias != 0u) {
      value += bias[params.bias_offset + r];
    }
    out[t * params.out_stride + params.out_offset + r] = value;
  }
}
