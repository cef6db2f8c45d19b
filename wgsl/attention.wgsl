// Causal attention with grouped-query heads over the f32 KV cache, flash style: the keys are visited in blocks
// of 64 positions with an online softmax (running max m and sum l; earlier partial sums are rescaled by
// e^(m_old - m_new) when the max grows), so no score array of the context length is ever stored.
// Query head h reads KV head h / group (group = n_head / n_head_kv >= 1, validated on the host).
// Scores: s = (q . k) * scale, or softcap * tanh(s / softcap); a query at position p sees keys in
// (p - window, p] (window 0 = all of 0..p).
//
// Work division: one workgroup of 64 per (head, query row): wg.x = head, wg.y = row. Per block each
// invocation scores one key position; max and sum are tree reductions in workgroup memory; then each
// invocation updates the output accumulators of dimensions lid, lid + 64, ... (head_dim <= MAX_HEAD_DIM,
// checked on the host).
struct Params {
  head_dim: u32,
  kv_dim: u32,
  group: u32,
  pos0: u32,
  window: u32,
  heads: u32,
  scale: f32,
  softcap: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> q: array<f32>;
@group(0) @binding(2) var<storage, read_write> k_cache: array<f32>;
@group(0) @binding(3) var<storage, read_write> v_cache: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

const BLOCK: u32 = 64u;
const MAX_HEAD_DIM: u32 = 512u;
const NO_SCORE: f32 = -3.0e38;

var<workgroup> q_head: array<f32, MAX_HEAD_DIM>;
var<workgroup> accumulator: array<f32, MAX_HEAD_DIM>;
var<workgroup> probabilities: array<f32, BLOCK>;
var<workgroup> reduction: array<f32, BLOCK>;

fn reduce_max(lid: u32) {
  for (var stride = BLOCK / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      reduction[lid] = max(reduction[lid], reduction[lid + stride]);
    }
  }
  workgroupBarrier();
}

fn reduce_sum(lid: u32) {
  for (var stride = BLOCK / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      reduction[lid] += reduction[lid + stride];
    }
  }
  workgroupBarrier();
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
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
    accumulator[d] = 0.0;
  }
  var running_max = NO_SCORE;
  var running_sum = 0.0;
  for (var block = first; block <= pos; block += BLOCK) {
    workgroupBarrier();
    let t = block + lid;
    var score = NO_SCORE;
    if (t <= pos) {
      var dot = 0.0;
      let k_row = t * params.kv_dim + kv_base;
      for (var d = 0u; d < params.head_dim; d++) {
        dot += q_head[d] * k_cache[k_row + d];
      }
      score = dot * params.scale;
      if (params.softcap > 0.0) {
        score = params.softcap * tanh(score / params.softcap);
      }
    }
    reduction[lid] = score;
    reduce_max(lid);
    let new_max = max(running_max, reduction[0]);
    let weight = select(0.0, exp(score - new_max), t <= pos);
    let rescale = exp(running_max - new_max);
    workgroupBarrier();
    probabilities[lid] = weight;
    reduction[lid] = weight;
    reduce_sum(lid);
    running_sum = running_sum * rescale + reduction[0];
    running_max = new_max;
    let count = min(BLOCK, pos + 1u - block);
    for (var d = lid; d < params.head_dim; d += BLOCK) {
      var acc = accumulator[d] * rescale;
      for (var j = 0u; j < count; j++) {
        acc += probabilities[j] * v_cache[(block + j) * params.kv_dim + kv_base + d];
      }
      accumulator[d] = acc;
    }
  }
  workgroupBarrier();
  for (var d = lid; d < params.head_dim; d += BLOCK) {
    out[q_base + d] = accumulator[d] / running_sum;
  }
}
