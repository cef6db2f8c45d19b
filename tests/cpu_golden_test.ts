/**
 * The CPU backend (WASM SIMD, 2 threads where the machine has them) against llama.cpp's goldens: prompt logits
 * at every position and greedy decoding, on every fixture the engine runs (tolerances: `tests/golden.ts`).
 */

import { checkGolden, GOLDEN_STEMS } from "./golden.ts";

const threads = Math.min(2, navigator.hardwareConcurrency);

for (const stem of GOLDEN_STEMS) {
  Deno.test(`cpu backend matches llama.cpp: ${stem}`, async () => {
    await checkGolden(stem, { backend: "cpu", threads });
  });
}
