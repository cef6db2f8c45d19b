// Quantized matrix-vector product: out[t][r] = dot(W row r, Q8 activations of token t) (+ bias[r]), rounded
// exactly as ggml's scalar vec_dot kernels (and the CPU reference): the activations were rounded by
// quantize_q8*.wgsl, each block's products are integer sums scaled once, and the f32 block results are added
// to TERMS running f32 accumulators in block order (one for most formats; Q4_1/Q5_1 keep the minimum's sum
// apart; the K-quants keep eight lanes, elements i = l mod 8, plus Q4_K/Q5_K's minimum), which are summed in
// order at the end. Prepended: a format file (weights, BLOCK_*), its dot file (TERMS, block_term),
// common/q8_activations.wgsl and common/exact.wgsl (`opaque` keeps products from being fused into fmas).
//
// Work division: one workgroup of 64 per (row, token); rows use a 2-D grid (row = wg.y * grid_x + wg.x),
// tokens wg.z. Each step, invocation i computes term i % TERMS of block step + i / TERMS into workgroup
// memory; then invocation k < TERMS adds that step's terms k to its accumulator in block order. A workgroup
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
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read> act: array<u32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const WORKGROUP: u32 = 64u;
const BLOCKS_PER_STEP: u32 = WORKGROUP / TERMS;
var<workgroup> step_terms: array<f32, WORKGROUP>;
var<workgroup> accumulators: array<f32, TERMS>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let r = flat_workgroup(wg, params.grid_x);
  let t = wg.z;
  let valid = r < params.rows;
  let row = params.w_byte + r * params.row_bytes;
  let blocks = params.cols / BLOCK_ELEMS;
  let my_block = lid / TERMS;
  let my_term = lid % TERMS;
  var sum = 0.0;
  for (var first = 0u; first < blocks; first += BLOCKS_PER_STEP) {
    let b = first + my_block;
    var term = 0.0;
    if (valid && my_block < BLOCKS_PER_STEP && b < blocks) {
      term = block_term(row + b * BLOCK_BYTES, t * params.cols + b * BLOCK_ELEMS, my_term);
    }
    step_terms[lid] = term;
    workgroupBarrier();
    if (lid < TERMS) {
      let count = min(BLOCKS_PER_STEP, blocks - first);
      for (var j = 0u; j < count; j++) {
        sum += step_terms[j * TERMS + lid];
      }
    }
    workgroupBarrier();
  }
  if (lid < TERMS) {
    accumulators[lid] = sum;
  }
  workgroupBarrier();
  if (lid == 0u && valid) {
    var value = 0.0;
    for (var k = 0u; k < TERMS; k++) {
      value += accumulators[k];
    }
    if (params.has_bias != 0u) {
      value += bias[params.bias_offset + r];
    }
    out[t * params.out_stride + params.out_offset + r] = value;
  }
}
