// Rotary position embedding (ggml_rope_ext without YaRN mixing), in place.
// Pair p of row i (position pos0 + i) turns by theta = pos * theta_scale^p (multiplied step by step in f32,
// as ggml), divided by freq_factors[p] when present, times freq_scale; cos and sin are scaled by attn_factor.
// "norm" pairs (x[2p], x[2p+1]); "neox" pairs (x[p], x[p + dims/2]). Elements past `dims` are untouched.
// Rounded as ggml: sin and cos correctly rounded (common/sincos.wgsl), each product rounded before the sum
// (`opaque` keeps the compiler from fusing them into an fma). Needs common/exact.wgsl and common/sincos.wgsl.
//
// Work division: one invocation per (row, pair), 64 per workgroup, 2-D grid (common/grid.wgsl); it computes
// the angle once and rotates that pair in every head of the row.
struct Params {
  rows: u32,
  heads: u32,
  head_dim: u32,
  pos0: u32,
  dims: u32,
  neox: u32,
  grid_x: u32,
  has_factors: u32,
  theta_scale: f32,
  freq_scale: f32,
  attn_factor: f32,
  zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> freq_factors: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let half = params.dims / 2u;
  let index = flat_workgroup(wg, params.grid_x) * 64u + lid;
  if (index < params.rows * half) {
    let i = index / half;
    let p = index % half;
    var theta = f32(params.pos0 + i);
    for (var step = 0u; step < p; step++) {
      theta *= params.theta_scale;
    }
    if (params.has_factors != 0u) {
      theta = div_rn(theta, freq_factors[p]);
    }
    let sin_cos = sin_cos_rn(opaque(params.freq_scale * theta));
    let c = sin_cos.y * params.attn_factor;
    let s = sin_cos.x * params.attn_factor;
    for (var h = 0u; h < params.heads; h++) {
      let base = (i * params.heads + h) * params.head_dim;
      let a = select(base + 2u * p, base + p, params.neox != 0u);
      let b = select(a + 1u, a + half, params.neox != 0u);
      let x0 = x[a];
      let x1 = x[b];
      x[a] = opaque(x0 * c) - opaque(x1 * s);
      x[b] = opaque(x0 * s) + opaque(x1 * c);
    }
  }
}
