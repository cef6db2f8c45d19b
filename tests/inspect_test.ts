/**
 * Debug output of large objects shows shapes and types, never buffers, weights or prompts.
 */

import assert from "node:assert/strict";
import { loadModel } from "../src/engine/model.ts";
import { sharedFile } from "./shared.ts";

Deno.test("inspecting a model, its session, KV cache and file prints shapes, not data", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const model = await loadModel(path, { backend: "reference" });
  const session = model.createSession();
  await session.evaluate(model.tokenizer.encode("A secret prompt about Lily"));
  for (const object of [model, session, session.kv, model.file, model.file.metadata]) {
    const text = Deno.inspect(object, { depth: 10 });
    assert.ok(text.length < 2000, `short: ${text.slice(0, 80)}`);
    assert.doesNotMatch(text, /secret|Lily/);
    assert.doesNotMatch(text, /(-?\d+\.\d+, ){20}/, "no long runs of numbers");
  }
  assert.match(Deno.inspect(model), /Model\(llama, 5 layers, 64 wide, vocab 512/);
  assert.match(Deno.inspect(session.kv), /KvCache\(\d+\/2048 positions, 5 layers x 32\)/);
  model.dispose();
});
