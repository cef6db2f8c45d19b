// Quantized matrix-vector product: out[t][r] = dot(W row r, Q8 activations of token t) (+ bias[r]), rounded
// exactly as ggml's scalar vec_dot kernels (and the CPU reference): the activations were rounded by
// quantize_q8*.wgsl, each block's products are integer sums scaled once, and the f32 block results are added
// to TERMS running f32 accumulators in block order (one for most formats; Q4_1/Q5_1 keep the minimum's sum
// apart; the K-quants keep eight lanes, elements i = l mod 8, plus Q4_K/Q5_K's minimum), which are summed in
// order at the end. Prepended: a format file (weights, BLOCK_*), its dot file (TERMS, block_terms),
// common/q8_activations.wgsl and common/exact.wgsl (`opaque` keeps products from being fused into fmas).
//
// Work division: a workgroup of 64 serves 64 / threads_per_row rows of one token (threads_per_row is 16, 32
// or 64, chosen by the host so that short rows do not leave invocations idle; it is at least TERMS). Row
// groups use a 2-D grid (group = wg.y * grid_x + wg.x), tokens wg.z. Each step covers threads_per_row blocks
// of every row: invocation i computes every term of its block into workgroup memory; then the row's first
// TERMS invocations each add one term of the step's blocks to their accumulator, in block order. A workgroup
// past the last row still reaches every barrier (no early return).
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
  zero: u32,
  threads_per_row: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read> act: array<u32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
// The format's lookup table (IQ3_S's grid); formats without one leave it unused and get a placeholder.
@group(0) @binding(5) var<storage, read> format_table: array<u32>;

const WORKGROUP: u32 = 64u;
var<workgroup> step_terms: array<f32, WORKGROUP * TERMS>;
var<workgroup> accumulators: array<f32, WORKGROUP>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let threads = params.threads_per_row;
  let slot = lid / threads;
  let sub = lid % threads;
  let r = flat_workgroup(wg, params.grid_x) * (WORKGROUP / threads) + slot;
  let t = wg.z;
  let valid = r < params.rows;
  let row = params.w_byte + r * params.row_bytes;
  let blocks = params.cols / BLOCK_ELEMS;
  var sum = 0.0;
  for (var first = 0u; first < blocks; first += threads) {
    let b = first + sub;
    if (valid && b < blocks) {
      var terms: array<f32, TERMS>;
      block_terms(row + b * BLOCK_BYTES, t * params.cols + b * BLOCK_ELEMS, &terms);
      for (var k = 0u; k < TERMS; k++) {
        step_terms[lid * TERMS + k] = terms[k];
      }
    }
    workgroupBarrier();
    if (sub < TERMS) {
      let count = min(threads, blocks - first);
      for (var j = 0u; j < count; j++) {
        sum += step_terms[(slot * threads + j) * TERMS + sub];
      }
    }
    workgroupBarrier();
  }
  if (sub < TERMS) {
    accumulators[slot * TERMS + sub] = sum;
  }
  workgroupBarrier();
  if (sub == 0u && valid) {
    var value = 0.0;
    for (var k = 0u; k < TERMS; k++) {
      value += accumulators[slot * TERMS + k];
    }
    if (params.has_bias != 0u) {
      value += bias[params.bias_offset + r];
    }
    out[t * params.out_stride + params.out_offset + r] = value;
  }
}
