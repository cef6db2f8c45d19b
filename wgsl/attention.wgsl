// Causal attention with grouped-query heads over the f32 KV cache, rounded as the CPU reference (and ggml's
// non-flash path): s_t = f32(q . k_t) * scale (or softcap * tanh(s / softcap)), a query at position p sees
// keys in (p - window, p] (window 0 = all of 0..p); e_t = f32(exp(s_t - max)); w_t = e_t * f32(1 / sum e);
// out = f32(sum_t w_t * v_t). Dot products and sums are exact enough in double-f32 (common/exact.wgsl) to
// round like the CPU's double sums, and exp is correctly rounded (common/exp.wgsl): one ulp here can flip an
// activation's Q8 rounding downstream. Query head h reads KV head h / group (group = n_head / n_head_kv >= 1,
// validated on the host).
//
// Work division: one workgroup of 64 per (head, query row): wg.x = head, wg.y = row. Three passes over the
// keys, each invocation scoring positions lid, lid + 64, ... (scores are recomputed rather than stored, so
// no array of the context length exists): the max, then the sum of e_t, then per block of 64 keys the
// weights go to workgroup memory and each invocation accumulates output dimensions lid, lid + 64, ...
// (head_dim <= MAX_HEAD_DIM, checked on the host). Max and sum are tree reductions in workgroup memory.
struct Params {
  head_dim: u32,
  kv_dim: u32,
  group: u32,
  pos0: u32,
  window: u32,
  heads: u32,
  scale: f32,
  softcap: f32,
  zero: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> q: array<f32>;
@group(0) @binding(2) var<storage, read_write> k_cache: array<f32>;
@group(0) @binding(3) var<storage, read_write> v_cache: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const BLOCK: u32 = 64u;
const MAX_HEAD_DIM: u32 = 512u;

var<workgroup> q_head: array<f32, MAX_HEAD_DIM>;
var<workgroup> accumulator: array<vec2<f32>, MAX_HEAD_DIM>;
var<workgroup> weights: array<f32, BLOCK>;
var<workgroup> max_reduction: array<f32, BLOCK>;
var<workgroup> sum_reduction: array<vec2<f32>, BLOCK>;

// The score of key position t for the query in q_head.
fn score(t: u32, kv_base: u32) -> f32 {
  let k_row = t * params.kv_dim + kv_base;
  var dot = vec2<f32>(0.0, 0.0);
  for (var d = 0u; d < params.head_dim; d++) {
    dot = df_add(dot, two_prod(q_head[d], k_cache[k_row + d]));
  }
  let s = opaque(dot.x * params.scale);
  if (params.softcap > 0.0) {
    return opaque(params.softcap * tanh(s / params.softcap));
  }
  return s;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  exact_zero = params.zero;
  let h = wg.x;
  let i = wg.y;
  let pos = params.pos0 + i;
  var first = 0u;
  if (params.window > 0u && pos + 1u > params.window) {
    first = pos + 1u - params.window;
  }
  let q_base = (i * params.heads + h) * params.head_dim;
  let kv_base = (h / params.group) * params.head_dim;
  for (var d = lid; d < params.head_dim; d += BLOCK) {
    q_head[d] = q[q_base + d];
    accumulator[d] = vec2<f32>(0.0, 0.0);
  }
  workgroupBarrier();

  var local_max = -3.0e38;
  for (var t = first + lid; t <= pos; t += BLOCK) {
    local_max = max(local_max, score(t, kv_base));
  }
  max_reduction[lid] = local_max;
  for (var stride = BLOCK / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      max_reduction[lid] = max(max_reduction[lid], max_reduction[lid + stride]);
    }
  }
  workgroupBarrier();
  let max_score = max_reduction[0];

  var local_sum = vec2<f32>(0.0, 0.0);
  for (var t = first + lid; t <= pos; t += BLOCK) {
    local_sum = df_add_f32(local_sum, exp_rn(two_sum(score(t, kv_base), -max_score)));
  }
  sum_reduction[lid] = local_sum;
  for (var stride = BLOCK / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      sum_reduction[lid] = df_add(sum_reduction[lid], sum_reduction[lid + stride]);
    }
  }
  workgroupBarrier();
  let inverse_sum = df_recip_rn(sum_reduction[0]);

  for (var block = first; block <= pos; block += BLOCK) {
    let t = block + lid;
    workgroupBarrier();
    if (t <= pos) {
      weights[lid] = exp_rn(two_sum(score(t, kv_base), -max_score)) * inverse_sum;
    }
    workgroupBarrier();
    let count = min(BLOCK, pos + 1u - block);
    for (var d = lid; d < params.head_dim; d += BLOCK) {
      var acc = accumulator[d];
      for (var j = 0u; j < count; j++) {
        acc = df_add(acc, two_prod(weights[j], v_cache[(block + j) * params.kv_dim + kv_base + d]));
      }
      accumulator[d] = acc;
    }
  }
  workgroupBarrier();
  for (var d = lid; d < params.head_dim; d += BLOCK) {
    out[q_base + d] = accumulator[d].x;
  }
}
