#!/usr/bin/env bash
# WebGPU on a real GPU (e.g. the NVIDIA H200 a session may be lent): check that an adapter exists, run the
# WebGPU tests, then the benchmark. Logs go to $OUT (or /tmp). Budget: about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-/tmp}"
command -v deno >/dev/null || { echo "deno is not on PATH" >&2; exit 2; }
export DENO_WEBGPU_BACKEND="${DENO_WEBGPU_BACKEND:-vulkan}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"

# 1. An adapter must exist here: fail loudly instead of letting the tests skip.
deno eval '
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) { console.error("no WebGPU adapter"); Deno.exit(3); }
  console.log(adapter.info.description || adapter.info.device, [...adapter.features].join(" "));
  console.log(JSON.stringify({
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
  }));
' 2>&1 | tee "$out/adapter.txt"

# 2. Kernel tests against the reference backend, then llama.cpp goldens (skip loudly without shared data).
status=0
timeout 240 deno test --allow-read --allow-env --allow-write --allow-run \
  tests/webgpu_kernels_test.ts tests/webgpu_linear_test.ts tests/webgpu_limits_test.ts tests/webgpu_golden_test.ts \
  2>&1 | tee "$out/webgpu_tests.log" || status=$?

# 3. Throughput: one TinyLlama-shaped Q4_0 model (made in ~45 s on a fresh machine), one run (threads do not
# apply to the GPU), no llama.cpp; the table goes to $out, not docs/.
timeout 150 deno task bench --backend webgpu --types Q4_0 --threads 1 --prompt 64 --gen 32 --no-llama-cpp \
  --out "$out/webgpu_bench.md" 2>&1 | tee "$out/webgpu_bench.log" || status=$?
exit "$status"
