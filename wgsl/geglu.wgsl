// out = gelu(gate) * up with ggml's f16-table GELU: gate <= -10 gives 0, gate >= 10 gives gate, otherwise the
// gate is rounded to f16 and looked up in the 65536-entry table of f16 GELU values (built on the host by
// src/ops/activations.ts, two entries per word). One invocation per element, 256 per workgroup, 2-D grid.
// Needs common/f16.wgsl and common/grid.wgsl.
struct Params {
  length: u32,
  grid_x: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> gelu_table: array<u32>;
@group(0) @binding(2) var<storage, read_write> gate: array<f32>;
@group(0) @binding(3) var<storage, read_write> up: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

fn gelu_f16_table(x: f32) -> f32 {
  if (x <= -10.0) {
    return 0.0;
  }
  if (x >= 10.0) {
    return x;
  }
  let h = f32_to_f16_bits(x);
  return f16_bits_to_f32((gelu_table[h >> 1u] >> ((h & 1u) * 16u)) & 0xffffu);
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = flat_workgroup(wg, params.grid_x) * 256u + lid;
  if (i < params.length) {
    out[i] = gelu_f16_table(gate[i]) * up[i];
  }
}
