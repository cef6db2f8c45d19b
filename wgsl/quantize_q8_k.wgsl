// Activation rounding to Q8_K blocks of 256 as ggml does: max = the element of largest magnitude (the first on
// ties), iscale = -127 / max, q = min(127, round_half_even(iscale * x)), d = 1 / iscale (f32, not rounded).
// An all-zero block gets d = 0 and q = 0. Layout: see common/q8_activations.wgsl (s is unused for Q8_K).
// Both divisions are correctly rounded (div_rn), as on the CPU. One invocation per block, 64 per workgroup,
// 2-D grid (common/grid.wgsl). Needs common/exact.wgsl.
struct Params {
  blocks: u32,
  grid_x: u32,
  act_scales: u32,
  zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> act: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let b = flat_workgroup(wg, params.grid_x) * 64u + lid;
  if (b < params.blocks) {
    let first = b * 256u;
    var amax = 0.0;
    var max_value = 0.0;
    for (var j = 0u; j < 256u; j++) {
      let v = x[first + j];
      if (abs(v) > amax) {
        amax = abs(v);
        max_value = v;
      }
    }
    let iscale = select(0.0, div_rn(-127.0, max_value), amax != 0.0);
    for (var w = 0u; w < 64u; w++) {
      var word = 0u;
      for (var k = 0u; k < 4u; k++) {
        let q = min(127i, i32(round(iscale * x[first + 4u * w + k])));
        word |= (u32(q) & 0xffu) << (8u * k);
      }
      act[b * 64u + w] = word;
    }
    act[params.act_scales + 2u * b] = bitcast<u32>(select(0.0, div_rn(1.0, iscale), amax != 0.0));
    act[params.act_scales + 2u * b + 1u] = 0u;
  }
}
