/**
 * Every model path on the reference backend against llama.cpp's goldens (tolerances: `tests/golden.ts`).
 */

import assert from "node:assert/strict";
import { checkGolden, GOLDEN_STEMS } from "./golden.ts";
import { loadModel } from "../src/engine/model.ts";
import { perplexity } from "../src/engine/perplexity.ts";
import { readGoldenJson, sharedFile } from "./shared.ts";

for (const stem of GOLDEN_STEMS) {
  Deno.test(`reference backend matches llama.cpp: ${stem}`, async () => {
    await checkGolden(stem, { backend: "reference" });
  });
}

Deno.test("stories260K: 200 greedy tokens from BOS and their text equal llama.cpp's", async () => {
  const golden = readGoldenJson<{ greedy: number[]; greedy_text: string }>("stories260K.bos-greedy200");
  const path = sharedFile("models/stories260K.gguf");
  if (!golden || !path) return;
  const model = await loadModel(path, { backend: "reference" });
  const generation = model.generate([1], { temperature: 0, maxTokens: 200, stopAtEog: false });
  const text = await generation.text();
  assert.deepEqual(generation.stats.tokens, golden.greedy);
  assert.equal(text, golden.greedy_text);
  model.dispose();
});

Deno.test("stories260K: perplexity on tinystory.txt with ctx 128 within 0.1% of llama-perplexity", async () => {
  const golden = readGoldenJson<{ final_estimate: number; ppl_per_chunk_as_printed: number[] }>(
    "stories260K.perplexity",
  );
  const path = sharedFile("models/stories260K.gguf");
  const textPath = sharedFile("golden/tinystory.txt");
  if (!golden || !path || !textPath) return;
  const model = await loadModel(path, {
    backend: "reference",
    contextLength: 128,
    batchSize: 128,
    allLogits: true,
  });
  const result = await perplexity(model, await Deno.readTextFile(textPath), 128);
  assert.equal(result.perChunk.length, golden.ppl_per_chunk_as_printed.length);
  const relative = Math.abs(result.ppl - golden.final_estimate) / golden.final_estimate;
  assert.ok(
    relative < 1e-3,
    `PPL ${result.ppl} vs llama.cpp ${golden.final_estimate} (${(relative * 100).toFixed(3)}%)`,
  );
  model.dispose();
});
