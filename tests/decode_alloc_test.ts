/**
 * Decoding through the whole engine (Session.evaluate and the Sampler on the default CPU backend) allocates
 * nothing per token: activations, KV cache, logits, `linear` options and sampler scratch are sized when the
 * model loads. Measured in a subprocess whose young generation is large enough that no garbage collection
 * hides allocations (`decode_heap_probe.ts`).
 */

import assert from "node:assert/strict";
import { sharedFile } from "./shared.ts";

Deno.test("200 decode steps through Session.evaluate and the Sampler do not allocate per token", async () => {
  // Q8_0 weights and F32 norms; tests/cpu_alloc_test.ts covers every weight type's kernels.
  const path = sharedFile("fixtures/llama-q8_0.gguf");
  if (!path) return;
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--v8-flags=--min-semi-space-size=256,--max-semi-space-size=256",
      new URL("./decode_heap_probe.ts", import.meta.url).pathname,
      path,
      "200",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const { growth } = JSON.parse(new TextDecoder().decode(output.stdout));
  // What remains is the promises and resumptions of the async API (measured ~960 bytes per token, all of
  // them promise objects); one logits-sized buffer (512 floats = 2 KiB) or one typed-array view per op
  // (~20 ops x ~100 bytes) per token would exceed this bound.
  assert.ok(growth < 200 * 1500, `heap grew by ${growth} bytes over 200 decode steps`);
  console.log(`heap growth over 200 decode steps: ${growth} bytes (${(growth / 200).toFixed(0)} per step)`);
});
