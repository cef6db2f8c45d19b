/**
 * Every fixture on the WebGPU backend against llama.cpp's goldens (tolerances: `tests/golden.ts`).
 *
 * Types with WGSL kernels use the reference tolerances (the GPU reproduces ggml's activation rounding).
 * Types dequantized to F32 on upload skip that rounding, so they get the README's "without emulation"
 * tolerances: 0.5 for quantized types, 5e-2 for BF16 (its measured 3.3e-2).
 */

import type { BackendName } from "../src/engine/backends.ts";
import { checkGolden, type Tolerance, toleranceFor } from "./golden.ts";
import { webGpuOrSkip } from "./webgpu_harness.ts";

const GPU_KERNEL_STEMS = [
  "stories260K",
  "llama-f32",
  "llama-f16",
  "llama-bpe-f32",
  "llama-q8_0",
  "llama-q4_0",
  "llama-q4_1",
  "llama-bf16",
  "llama-q5_0",
  "llama-q5_1",
  "llama-q2_k",
  "llama-q3_k",
  "llama-q4_k",
  "llama-q5_k",
  "llama-q6_k",
  "llama-iq4_nl",
  "llama-iq4_xs",
  "llama-tq1_0",
  "llama-tq2_0",
  "llama-mxfp4",
  "llama-q1_0",
  "llama-q2_0",
  "qwen2-f32",
  "qwen2-q8_0",
  "qwen2-q4_k",
  "phi3-f32",
  "phi3-q8_0",
  "phi3-q4_k",
  "gemma2-f32",
  "gemma2-q8_0",
  "gemma2-q4_k",
];

const FALLBACK_STEMS: Record<string, Tolerance> = {
  "llama-iq3_s": { maxAbs: 0.5, median: 0.5 },
};

/** `true` when `loadModel` can create the WebGPU backend and an adapter exists; otherwise a loud skip. */
async function webGpuLoadable(): Promise<boolean> {
  return (await webGpuOrSkip()) !== undefined;
}

const webgpu: BackendName = "webgpu";

for (const stem of GPU_KERNEL_STEMS) {
  Deno.test(`webgpu backend matches llama.cpp: ${stem}`, async () => {
    if (await webGpuLoadable()) await checkGolden(stem, { backend: webgpu }, toleranceFor(stem));
  });
}

for (const [stem, tolerance] of Object.entries(FALLBACK_STEMS)) {
  Deno.test(`webgpu backend (dequantized on upload) matches llama.cpp: ${stem}`, async () => {
    if (await webGpuLoadable()) await checkGolden(stem, { backend: webgpu }, tolerance);
  });
}
