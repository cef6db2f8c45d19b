/**
 * Every fixture on the WebGPU backend against llama.cpp's goldens (tolerances: `tests/golden.ts`).
 *
 * Every type has WGSL kernels, so every golden gets the reference tolerances: the GPU reproduces ggml's
 * activation rounding and the CPU reference's order of f32 sums, so rounding flips (llama-q5_1, llama-iq4_xs,
 * BF16) land as on the CPU.
 */

import type { BackendName } from "../src/engine/backends.ts";
import { checkGolden, GOLDEN_STEMS, toleranceFor } from "./golden.ts";
import { webGpuOrSkip } from "./webgpu_harness.ts";

/** `true` when `loadModel` can create the WebGPU backend and an adapter exists; otherwise a loud skip. */
async function webGpuLoadable(): Promise<boolean> {
  return (await webGpuOrSkip()) !== undefined;
}

const webgpu: BackendName = "webgpu";

for (const stem of GOLDEN_STEMS) {
  Deno.test(`webgpu backend matches llama.cpp: ${stem}`, async () => {
    if (await webGpuLoadable()) await checkGolden(stem, { backend: webgpu }, toleranceFor(stem));
  });
}
