// Activation rounding to Q8_0 / Q8_1 blocks of 32, exactly as ggml's x86 CPU backend does before a dot product:
// amax = max|x|, d = amax / 127 (stored rounded to f16), q = round_half_even(x * (127 / amax)) in f32, and for
// Q8_1 also s = f16(d * sum(q)) with the unrounded d. Layout: see common/q8_activations.wgsl.
// Both divisions are correctly rounded (div_rn), as on the CPU: WGSL's `/` may be off by a few ulp, enough
// to move a product across a rounding boundary. One invocation per block, 64 per workgroup, 2-D grid
// (common/grid.wgsl). Needs common/f16.wgsl and common/exact.wgsl.
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
    let first = b * 32u;
    var amax = 0.0;
    for (var j = 0u; j < 32u; j++) {
      amax = max(amax, abs(x[first + j]));
    }
    let d = div_rn(amax, 127.0);
    let inverse = select(0.0, div_rn(127.0, amax), amax != 0.0);
    var sum = 0i;
    for (var w = 0u; w < 8u; w++) {
      var word = 0u;
      for (var k = 0u; k < 4u; k++) {
        let q = i32(round(x[first + 4u * w + k] * inverse));
        sum += q;
        word |= (u32(q) & 0xffu) << (8u * k);
      }
      act[b * 8u + w] = word;
    }
    act[params.act_scales + 2u * b] = bitcast<u32>(round_to_f16(d));
    act[params.act_scales + 2u * b + 1u] = bitcast<u32>(round_to_f16(d * f32(sum)));
  }
}
