/**
 * One benchmark run of this engine, in its own process so that its peak memory is its own:
 * `deno run bench/run_ours.ts --model FILE --backend cpu --threads 2 --prompt 128 --gen 64` prints a
 * {@link RunResult} as one JSON line. Started by `bench/bench.ts`.
 *
 * @module
 */

import { loadModel } from "../src/engine/model.ts";
import type { BackendName } from "../src/engine/backends.ts";
import { argmax } from "../src/engine/sampling.ts";
import { parseFlags, runCli } from "../tools/cli.ts";
import { benchPromptTokens, peakRssBytes, printResult, RUN_FLAGS, runSettings } from "./run_result.ts";

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, { ...RUN_FLAGS, backend: { type: "string" } });
    const { model: path, threads, promptLength, genLength } = runSettings(values);

    const loadStart = performance.now();
    const model = await loadModel(path, {
      backend: (values.backend ?? "cpu") as BackendName,
      threads,
      batchSize: promptLength,
      contextLength: promptLength + genLength,
    });
    const loadMs = performance.now() - loadStart;
    const loadPeakRssBytes = peakRssBytes();

    const session = model.createSession();
    const prompt = benchPromptTokens(model.config.nVocab, promptLength);
    const promptStart = performance.now();
    let logits = await session.evaluate(prompt);
    const one = new Int32Array(1);
    one[0] = argmax(logits);
    const promptMs = performance.now() - promptStart;

    const genStart = performance.now();
    for (let i = 0; i < genLength; i++) {
      logits = await session.evaluate(one);
      one[0] = argmax(logits);
    }
    const genMs = performance.now() - genStart;

    printResult({
      engine: "ruvllm-ts",
      threads,
      loadMs,
      loadPeakRssBytes,
      peakRssBytes: peakRssBytes(),
      promptTokens: promptLength,
      promptMs,
      genTokens: genLength,
      genMs,
    });
    model.dispose();
  });
}
