/**
 * Every fixture on the WebGPU backend against llama.cpp's goldens (tolerances: `tests/golden.ts`).
 *
 * Every type has WGSL kernels, so every golden gets the reference tolerances: the GPU reproduces ggml's
 * activation rounding and the CPU reference's order of f32 sums, so rounding flips (llama-q5_1, llama-iq4_xs,
 * BF16) land as on the CPU.
 */

import { checkGolden, GOLDEN_STEMS } from "./golden.ts";
import { webGpuOrSkip } from "./webgpu_harness.ts";

for (const stem of GOLDEN_STEMS) {
  Deno.test(`webgpu backend matches llama.cpp: ${stem}`, async () => {
    if (await webGpuOrSkip()) await checkGolden(stem, { backend: "webgpu" });
  });
}
