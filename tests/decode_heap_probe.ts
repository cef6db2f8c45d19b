/**
 * Subprocess of `decode_alloc_test.ts`: loads a model on the CPU backend, warms the decode path up, then
 * prints how many bytes the JS heap grew over 200 decode steps (Session.evaluate + Sampler) as JSON.
 *
 * It runs with a young generation large enough that no garbage collection happens while it measures, so heap
 * growth equals the bytes allocated.
 *
 * @module
 */

import { loadModel } from "../src/engine/model.ts";
import { parseSamplingOptions, Sampler } from "../src/engine/sampling.ts";

const [path, stepsText] = Deno.args;
const steps = Number(stepsText);
const warmup = 1000;
const model = await loadModel(path, { backend: "cpu", contextLength: warmup + steps + 8 });
const session = model.createSession();
const sampler = new Sampler(model.config.nVocab, parseSamplingOptions({ temperature: 0.8, seed: 1 }));
const one = new Int32Array(1);
let logits = await session.evaluate([1, 100, 200]);
async function step() {
  one[0] = sampler.sample(logits);
  sampler.accept(one[0]);
  logits = await session.evaluate(one);
}
// Warm-up: JIT tiers and WebAssembly tier-up allocate once, not per token.
for (let i = 0; i < warmup; i++) await step();
const before = Deno.memoryUsage().heapUsed;
for (let i = 0; i < steps; i++) await step();
const growth = Deno.memoryUsage().heapUsed - before;
model.dispose();
console.log(JSON.stringify({ steps, growth }));
