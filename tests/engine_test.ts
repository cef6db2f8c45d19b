/**
 * KV cache bounds, sampling and generation behaviour.
 */

import assert from "node:assert/strict";
import { KvCache } from "../src/engine/kv_cache.ts";
import { argmax, parseSamplingOptions, Sampler } from "../src/engine/sampling.ts";
import { SeededRandom } from "../src/engine/rng.ts";
import { createReferenceBackend } from "../src/ops/reference_backend.ts";
import { ConfigError, ContextFullError, EngineError } from "../src/errors.ts";
import { loadModel } from "../src/engine/model.ts";
import { sharedFile } from "./shared.ts";

Deno.test("KV cache length never passes its capacity", () => {
  const kv = new KvCache(createReferenceBackend(), 2, 8, 4);
  assert.equal(kv.reserve(5), 0);
  assert.equal(kv.reserve(3), 5);
  assert.equal(kv.free, 0);
  assert.throws(() => kv.reserve(1), ContextFullError);
  assert.equal(kv.length, 8, "a failed reserve leaves the cache unchanged");
  kv.truncate(2);
  assert.throws(() => kv.reserve(7), ContextFullError);
  assert.equal(kv.reserve(6), 2);
  assert.throws(() => kv.truncate(9), EngineError);
  assert.throws(() => kv.reserve(-1), EngineError);
});

Deno.test("evaluating past the context fails with ContextFullError and keeps the session usable", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const model = await loadModel(path, { backend: "reference", contextLength: 8 });
  const session = model.createSession();
  await session.evaluate([1, 2, 3, 4, 5]);
  await assert.rejects(() => session.evaluate([6, 7, 8, 9]), ContextFullError);
  assert.equal(session.kv.length, 5);
  await session.evaluate([6, 7, 8]);
  assert.equal(session.kv.length, 8);
  const generation = model.generate([1], { maxTokens: 50, temperature: 0, stopAtEog: false });
  await generation.text();
  assert.equal(generation.stats.finishReason, "context");
  assert.equal(generation.stats.generatedTokens, 8);
  model.dispose();
});

Deno.test("generation stops quietly when its AbortSignal fires", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const model = await loadModel(path, { backend: "reference" });
  const controller = new AbortController();
  const generation = model.generate("Once", { maxTokens: 100, temperature: 0, signal: controller.signal });
  let pieces = 0;
  for await (const _ of generation) if (++pieces === 3) controller.abort();
  assert.equal(generation.stats.finishReason, "aborted");
  assert.ok(generation.stats.generatedTokens <= 4);
  model.dispose();
});

Deno.test("greedy is argmax with the lowest id winning ties", () => {
  assert.equal(argmax([1, 3, 3, 2]), 1);
  const sampler = new Sampler(4, parseSamplingOptions({ temperature: 0 }));
  assert.equal(sampler.sample(new Float32Array([0, 5, 5, 1])), 1);
});

Deno.test("seeded sampling is reproducible and respects top-k", () => {
  const logits = new Float32Array(100).map((_, i) => Math.sin(i) * 3);
  const draw = (seed: number) => {
    const s = new Sampler(100, parseSamplingOptions({ temperature: 1, topK: 5, topP: 1, minP: 0, seed }));
    return Array.from({ length: 50 }, () => s.sample(logits));
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
  const top5 = [...logits.keys()].sort((a, b) => logits[b] - logits[a]).slice(0, 5);
  for (const t of draw(3)) assert.ok(top5.includes(t));
});

Deno.test("min-p and top-p keep only likely tokens", () => {
  const logits = new Float32Array([10, 9.9, 0, -5]);
  const s = new Sampler(4, parseSamplingOptions({ temperature: 1, topK: 0, topP: 1, minP: 0.5, seed: 1 }));
  for (let i = 0; i < 50; i++) assert.ok(s.sample(logits) <= 1);
  const p = new Sampler(4, parseSamplingOptions({ temperature: 1, topK: 0, topP: 0.1, minP: 0, seed: 1 }));
  for (let i = 0; i < 20; i++) assert.equal(p.sample(logits), 0);
});

Deno.test("repetition penalty divides positive and multiplies negative logits of recent tokens", () => {
  const s = new Sampler(3, parseSamplingOptions({ temperature: 0, repeatPenalty: 3 }));
  s.accept(0);
  s.accept(0);
  assert.equal(s.sample(new Float32Array([2.5, 1, -1])), 1, "2.5 / 3 < 1");
});

Deno.test("sampling options are validated", () => {
  assert.throws(() => parseSamplingOptions({ temperature: -1 }), ConfigError);
  assert.throws(() => parseSamplingOptions({ topP: 0 }), ConfigError);
  assert.throws(() => parseSamplingOptions({ bogus: 1 } as never), ConfigError, "unknown keys are rejected");
  assert.ok(Object.isFrozen(parseSamplingOptions({})));
});

Deno.test("SeededRandom gives uniform numbers in [0, 1)", () => {
  const r = new SeededRandom(42);
  let sum = 0;
  for (let i = 0; i < 10000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 10000 - 0.5) < 0.02);
});

Deno.test("top-k selection keeps the k largest logits, lowest id first on ties, for every k", () => {
  const logits = new Float32Array([3, 1, 3, 7, -2, 0, 6.5, 5]);
  const ranked = [3, 6, 7, 0, 2, 1, 5, 4]; // by logit, the tie 0/2 broken by the lower id
  for (let k = 1; k <= 8; k++) {
    const s = new Sampler(8, parseSamplingOptions({ temperature: 100, topK: k, topP: 1, minP: 0, seed: k }));
    const drawn = new Set(Array.from({ length: 300 }, () => s.sample(logits)));
    assert.deepEqual([...drawn].sort(), ranked.slice(0, k).sort(), `k = ${k}`);
  }
});
